// Reads run side by side. Unlike Promise.all, this waits for every one to finish before it throws
// the first failure, so that no query is still running once the request that started it has been
// answered (and, in tests, once the database is closed).
export async function parallel<T extends readonly unknown[]>(work: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const results = await Promise.allSettled(work)
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
  if (failed) throw failed.reason
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T
}
