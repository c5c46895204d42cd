import { describe, expect, it } from 'vitest'
import { keepRequestHeaders, keepResponseHeaders } from '../../../src/record/header-policy.js'

describe('header policy', () => {
  it('keeps only request headers that change the answer', () => {
    const kept = keepRequestHeaders({
      authorization: 'Bearer sk-x',
      'openai-organization': 'org-1',
      'openai-project': 'proj_1',
      'content-type': 'application/json',
      'OpenAI-Beta': 'responses_websockets=2026-02-06',
      'user-agent': 'OpenAI/JS 7.57.0',
      'x-stainless-retry-count': '0',
      cookie: 'a=b',
    })
    expect(kept).toEqual({ 'content-type': 'application/json', 'openai-beta': 'responses_websockets=2026-02-06' })
  })

  it('keeps the response headers clients read and drops framing and identity headers', () => {
    const kept = keepResponseHeaders({
      'content-type': 'text/event-stream; charset=utf-8',
      'content-encoding': 'gzip',
      'content-length': '12',
      'transfer-encoding': 'chunked',
      'set-cookie': ['__cf_bm=x', 'y=z'],
      'openai-organization': 'org-1',
      'x-request-id': 'req_1',
      'retry-after-ms': '10',
      'x-should-retry': 'false',
      'x-ratelimit-remaining-tokens': '99',
      date: 'Tue, 25 Nov 2026 10:00:00 GMT',
    })
    expect(kept).toEqual({
      'content-type': 'text/event-stream; charset=utf-8',
      'x-request-id': 'req_1',
      'retry-after-ms': '10',
      'x-should-retry': 'false',
      'x-ratelimit-remaining-tokens': '99',
    })
  })

  it('accepts extra names and prefixes', () => {
    expect(keepRequestHeaders({ 'x-trace-a': '1', 'x-other': '2', accept: 'x' }, ['x-trace-*', 'Accept'])).toEqual({
      'x-trace-a': '1',
      accept: 'x',
    })
  })
})
