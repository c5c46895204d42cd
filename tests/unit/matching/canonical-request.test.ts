import { describe, expect, it } from 'vitest'
import { canonicalBody } from '../../../src/matching/canonical-request.js'

describe('canonicalBody', () => {
  it('drops the transport fields of Responses and Chat bodies', () => {
    const body = {
      model: 'gpt-5.5',
      input: 'hi',
      stream: true,
      stream_options: { include_obfuscation: false },
      prompt_cache_key: 'session-42',
    }
    expect(canonicalBody('responses', body)).toEqual({ model: 'gpt-5.5', input: 'hi' })
    expect(canonicalBody('chat', { ...body, stream_options: { include_usage: true } })).toEqual({ model: 'gpt-5.5', input: 'hi' })
  })

  it('drops the WebSocket framing fields type and stream_id', () => {
    expect(canonicalBody('responses', { type: 'response.create', stream_id: 'lane_1', model: 'm' })).toEqual({ model: 'm' })
  })

  it('treats empty include and tools arrays on Responses bodies as absent', () => {
    expect(canonicalBody('responses', { model: 'm', include: [], tools: [] })).toEqual({ model: 'm' })
    expect(canonicalBody('responses', { model: 'm', tools: [{ type: 'web_search' }] })).toEqual({
      model: 'm',
      tools: [{ type: 'web_search' }],
    })
  })

  it('keeps every field of a generic body', () => {
    const body = { model: 'e', input: 'x', stream: true, type: 'thing' }
    expect(canonicalBody('generic', body)).toEqual(body)
  })

  it('removes the members named by ignore pointers, including * wildcards', () => {
    const body = {
      model: 'm',
      metadata: { run: '7' },
      input: [
        { id: 'fc_1', type: 'function_call', name: 'f' },
        { id: 'fc_2', type: 'function_call', name: 'g' },
      ],
    }
    expect(canonicalBody('responses', body, ['/metadata', '/input/*/id'])).toEqual({
      model: 'm',
      input: [
        { type: 'function_call', name: 'f' },
        { type: 'function_call', name: 'g' },
      ],
    })
  })

  it('replaces an ignored array element by null so the others keep their positions', () => {
    expect(canonicalBody('responses', { input: ['a', 'b', 'c'] }, ['/input/1'])).toEqual({ input: ['a', null, 'c'] })
  })

  it('leaves the original body untouched', () => {
    const body = { model: 'm', metadata: { run: '7' }, stream: true }
    canonicalBody('responses', body, ['/metadata'])
    expect(body).toEqual({ model: 'm', metadata: { run: '7' }, stream: true })
  })

  it('ignores pointers that lead nowhere', () => {
    expect(canonicalBody('responses', { model: 'm' }, ['/missing/deep', '/model/0'])).toEqual({ model: 'm' })
  })
})
