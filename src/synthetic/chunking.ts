/**
 * How synthetic text is cut into deltas. Pure.
 * @module
 */
import type { Chunking } from '../scenario/types.js'

/**
 * Cut `text` into deltas that concatenate back to it. `word` (the default) starts a chunk at
 * every word and keeps the spaces before it ("Hello", " world"), like real traffic; `char` and
 * `{ chars: n }` count Unicode code points, so no surrogate pair is split. Empty text gives no
 * chunk.
 *
 * @example
 * splitIntoChunks('Hello big world', 'word')   // ['Hello', ' big', ' world']
 * splitIntoChunks('abcde', { chars: 2 })       // ['ab', 'cd', 'e']
 */
export function splitIntoChunks(text: string, chunking: Chunking = 'word'): string[] {
  if (text === '') return []
  if (chunking === 'word') return splitWords(text)
  const size = chunking === 'char' ? 1 : Math.max(1, Math.floor(chunking.chars))
  const points = Array.from(text)
  const chunks: string[] = []
  for (let start = 0; start < points.length; start += size) {
    chunks.push(points.slice(start, start + size).join(''))
  }
  return chunks
}

/**
 * Cut tool-call arguments (compact JSON, which has no spaces to cut at) into pieces of a few
 * characters, the way models stream them. An explicit `char` or `{ chars }` chunking wins.
 *
 * @example
 * splitArguments('{"city":"Paris"}') // ['{"city"', ':"Paris', '"}']
 */
export function splitArguments(text: string, chunking?: Chunking): string[] {
  if (chunking !== undefined && chunking !== 'word') return splitIntoChunks(text, chunking)
  return splitIntoChunks(text, { chars: 7 })
}

function splitWords(text: string): string[] {
  const chunks = text.match(/\s*\S+/g)
  if (chunks === null) return [text]
  const joined = chunks.join('')
  // Whitespace after the last word belongs to the last chunk, so the chunks add up to the text.
  if (joined.length < text.length) chunks[chunks.length - 1] += text.slice(joined.length)
  return chunks
}
