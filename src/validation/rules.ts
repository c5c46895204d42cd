/**
 * The catalogue of stable rule ids. Users filter and grep on these ids, so never rename one; add a
 * new id instead. Every id has a row in docs/compliance.md (a unit test checks it).
 * @module
 */

/**
 * Every rule id with what it checks.
 *
 * @example
 * RULES['seq.gap'] // 'sequence_number goes up by exactly 1 per event'
 */
export const RULES = {
  schema: 'the event or body matches its JSON Schema (schemas/openai/, per profile)',
  'event.type': 'every event is a JSON object with a string `type`',
  'event.unknown': 'the event type is one the pinned SDK knows (openai-node 7.57.0 throws on unknown types)',
  'event.json': 'every SSE data payload and WebSocket frame is JSON',
  'seq.start': 'the first sequence_number is 0',
  'seq.gap': 'sequence_number goes up by exactly 1 per event',
  'seq.duplicate': 'no sequence_number is repeated',
  'seq.order': 'sequence_number never goes down',
  'seq.missing': 'in a numbered stream every event carries sequence_number',
  'first.created': 'the first event is response.created',
  'terminal.missing': 'the stream ends with a terminal event (response.completed, .failed, .incomplete or error)',
  'terminal.after': 'nothing follows the terminal event (except response.failed right after error)',
  'response.id': 'response.id is the same on every lifecycle event',
  'response.status': 'a lifecycle event carries the matching response.status',
  'item.missing': 'an item-scoped event refers to an output_index added by response.output_item.added',
  'item.duplicate': 'an output_index (or item id) is added only once',
  'item.order': 'output_item.added uses the next output_index (0, 1, 2, ...)',
  'item.id': 'item_id (and output_item.done item.id) equals the id of the item at output_index',
  'item.type': 'the item at output_index has the type the event belongs to',
  'item.call_id': 'output_item.done keeps the call_id of the added item',
  'item.done_twice': 'output_item.done is sent once per item',
  'item.closed': 'no item-scoped event follows the output_item.done of its item',
  'item.unfinished': 'every added item is done before response.completed',
  'content.order': 'content_part.added / reasoning_summary_part.added append parts in order (index = number of parts)',
  'content.missing': 'a content_index / summary_index refers to a part that was added',
  'content.type': 'the part at content_index has the type the event needs',
  'content.unfinished': 'every part is done (content_part.done / reasoning_summary_part.done) before its item is done',
  'annotation.order': 'annotation_index counts 0, 1, 2, ... within its part',
  'delta.mismatch': 'the concatenated deltas equal the .done text / arguments / input, and the done item and part carry it',
  'output.mismatch': 'response.output of response.completed lists every added item, in output_index order',
  'logprobs.missing': 'in a stream or body that carries logprobs, every output_text event and part carries them',
  'chat.id': 'every chunk of a Chat Completions stream has the same id',
  'chat.created': 'every chunk of a Chat Completions stream has the same created',
  'chat.role': 'every choice receives a role',
  'chat.tool_index': 'every tool-call fragment carries index; a new call uses the next index',
  'chat.tool_id': 'the first fragment of a tool call carries id, type and name; later fragments never change them',
  'chat.finish_reason': 'every choice gets exactly one finish_reason and no delta after it',
  'chat.usage': 'the usage chunk (empty choices) comes only with include_usage, once, last before [DONE]',
  'chat.done': 'data: [DONE] ends the stream, once',
  'sse.event_name': 'the SSE event: name of a Responses event equals its data.type',
  'sse.done': 'a Responses stream carries no data: [DONE]',
  'sse.truncated': 'the stream was not cut before its end',
  'body.json': 'an HTTP body that should be JSON is JSON',
  'ws.error_shape': 'a WebSocket error frame is flat {type, code, message, param, sequence_number} or nested {type, status, error}',
  'ws.stream_id': 'every server frame of a turn echoes the stream_id of its response.create',
  'ws.client': 'the client frame is a valid response.create (or response.steer)',
} as const

/** A stable rule id. */
export type RuleId = keyof typeof RULES

/**
 * The rule ids in catalogue order.
 *
 * @example
 * RULE_IDS.includes('seq.gap') // true
 */
export const RULE_IDS = Object.keys(RULES) as RuleId[]
