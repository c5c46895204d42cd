/**
 * Wire dialects: older or partial forms of a Responses stream that the `wire` profile accepts as a
 * whole. A dialect is recognised only when the whole stream has the trait; a modern stream that
 * drops the field on one event is still a violation.
 * @module
 */

/** The dialects the `wire` profile recognises. */
export type Dialect = 'unnumbered' | 'no-logprobs' | 'resumed'

/**
 * What each dialect means, for help text and reports.
 *
 * @example
 * DIALECTS.unnumbered // 'no event carries sequence_number (2025 streams)'
 */
export const DIALECTS: Readonly<Record<Dialect, string>> = {
  unnumbered: 'no event carries sequence_number (streams recorded before sequence numbers shipped, 2025)',
  'no-logprobs':
    'no output_text event or part carries logprobs (streams and bodies recorded before logprobs became required, 2025)',
  resumed:
    'the stream starts after response.created with a sequence_number above 0 (a background response resumed with starting_after)',
}
