/**
 * Maps items with up to `concurrency` calls in flight and yields the results in input order,
 * so a batch keeps every worker busy while its output stays in the order it was given.
 */
export async function* orderedMap<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): AsyncGenerator<R> {
  const inFlight: Promise<R>[] = [];
  let next = 0;
  const launch = () => {
    const index = next++;
    inFlight.push(fn(items[index]!, index));
  };
  while (next < items.length && inFlight.length < concurrency) launch();
  while (inFlight.length > 0) {
    const result = await inFlight.shift()!;
    if (next < items.length) launch();
    yield result;
  }
}
