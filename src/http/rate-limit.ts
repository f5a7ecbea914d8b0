// The general per-IP request limit on every route (RATE_LIMIT_PER_MINUTE; 0 turns it off).
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { CounterStore } from '../security/counter-store.js'
import { sendTooManyRequests } from './error-handler.js'
import type { App } from './types.js'

export function registerRateLimit(app: App, store: CounterStore, perMinute: number): void {
  if (perMinute <= 0) return
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const { count, resetInMs } = await store.increment(`req:ip:${request.ip}`, 60_000)
    if (count > perMinute) return sendTooManyRequests(reply, resetInMs / 1000, 'Request was throttled. Too many requests from this address.')
  })
}
