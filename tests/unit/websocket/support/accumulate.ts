/**
 * Feed Responses stream events through openai@7.57.0's own `ResponseStream` accumulator, the
 * strictest client check of an event sequence (openai-wire-protocol.md §5.2).
 */
import { ResponseStream } from 'openai/lib/responses/ResponseStream'
import type { Response } from 'openai/resources/responses/responses'

/** Fields `finalResponse()` adds while parsing (`parsed`, `parsed_arguments`); not wire data. */
const SDK_PARSE_FIELDS = new Set(['parsed', 'parsed_arguments'])

/**
 * The final Response the SDK accumulates from `events`, without the fields its parser adds;
 * rejects where the SDK would throw.
 *
 * @example
 * const response = await accumulateWithSdk(frames.map((frame) => JSON.parse(frame.text)))
 */
export async function accumulateWithSdk(events: readonly unknown[]): Promise<Response> {
  const text = `${events.map((event) => JSON.stringify(event)).join('\n')}\n`
  const readable = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text))
      controller.close()
    },
  })
  const final = await ResponseStream.fromReadableStream(readable).finalResponse()
  return JSON.parse(
    JSON.stringify(final, (key, value: unknown) => (SDK_PARSE_FIELDS.has(key) ? undefined : value)),
  ) as Response
}
