/**
 * Suggest the closest known word for a misspelt one ("did you mean"). Pure.
 * @module
 */

/**
 * The candidate closest to `word` by edit distance, when it is close enough to be a likely
 * typo (at most a third of the word's length, and at least 1, edits).
 *
 * @example
 * didYouMean('txt', ['text', 'reasoning']) // 'text'
 * didYouMean('zzz', ['text'])              // undefined
 */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const limit = Math.max(1, Math.floor(word.length / 3))
  let best: string | undefined
  let bestDistance = Number.POSITIVE_INFINITY
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase())
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  const isPrefix = best !== undefined && word.length >= 3 && best.startsWith(word)
  return bestDistance <= limit || isPrefix ? best : undefined
}

/** Edit distance where swapping two neighbouring letters counts as one edit (a common typo). */
function editDistance(a: string, b: string): number {
  let beforePrevious: number[] = []
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)
      let distance = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        distance = Math.min(distance, (beforePrevious[j - 2] ?? 0) + 1)
      }
      current.push(distance)
    }
    beforePrevious = previous
    previous = current
  }
  return previous[b.length] ?? 0
}
