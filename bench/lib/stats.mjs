/**
 * Small statistics helpers shared by the load clients and the orchestrator.
 */

/**
 * The p-th percentile of an ascending array (nearest rank); 0 when empty.
 *
 * @example
 * percentile([1, 2, 3, 4], 50) // 2
 */
export function percentile(sorted, p) {
  if (sorted.length === 0) return 0
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]
}

/**
 * The median of numbers (mean of the middle two for an even count); undefined when empty.
 *
 * @example
 * median([3, 1, 2]) // 2
 */
export function median(values) {
  const numbers = values.filter((value) => typeof value === 'number' && Number.isFinite(value))
  if (numbers.length === 0) return undefined
  const sorted = [...numbers].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/**
 * The largest number, or undefined.
 *
 * @example
 * maximum([1, 5, 2]) // 5
 */
export function maximum(values) {
  const numbers = values.filter((value) => typeof value === 'number' && Number.isFinite(value))
  return numbers.length === 0 ? undefined : Math.max(...numbers)
}
