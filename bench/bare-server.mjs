// The yardstick: a bare node:http server answering a fixed small JSON object. The benchmark runs it
// as its own process under the same load as Leavedesk and reports every scenario as a ratio to it.
import http from 'node:http'

const body = JSON.stringify({ id: 1, status: 'ok', message: 'hello' })
const port = Number(process.env.PORT)

const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) })
  res.end(body)
})
server.keepAliveTimeout = 72_000
server.listen(port, '127.0.0.1')
process.on('SIGTERM', () => {
  server.close(() => process.exit(0))
  server.closeAllConnections()
})
