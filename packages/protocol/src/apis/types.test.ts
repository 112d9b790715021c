import { describe, expectTypeOf, it } from 'vitest';
import type { RawTaggedField } from '../primitives/tagged-fields.js';
import type { FetchResponse, MetadataRequest, MetadataResponse, ProduceRequest } from './types.js';

// Compile-time checks that the declaration-derived types have the documented shapes.
describe('types derived from the declarations', () => {
  it('responses: spec nesting, camelCase names, bigint int64, nullable where the spec says', () => {
    expectTypeOf<
      MetadataResponse['topics'][number]['partitions'][number]['leaderId']
    >().toEqualTypeOf<number>();
    expectTypeOf<MetadataResponse['topics'][number]['name']>().toEqualTypeOf<string | null>();
    expectTypeOf<MetadataResponse['topics'][number]['topicId']>().toEqualTypeOf<string>();
    expectTypeOf<
      FetchResponse['responses'][number]['partitions'][number]['highWatermark']
    >().toEqualTypeOf<bigint>();
    expectTypeOf<
      FetchResponse['responses'][number]['partitions'][number]['records']
    >().toEqualTypeOf<Buffer | null>();
    expectTypeOf<MetadataResponse['_unknownTaggedFields']>().toEqualTypeOf<RawTaggedField[] | undefined>();
  });

  it('requests: fields with defaults or version limits are optional, the rest required', () => {
    expectTypeOf<{ topics: null }>().toExtend<MetadataRequest>();
    expectTypeOf<{ allowAutoTopicCreation: true }>().not.toExtend<MetadataRequest>();
    expectTypeOf<ProduceRequest['acks']>().toEqualTypeOf<number>();
    expectTypeOf<{ acks: 1; timeoutMs: 1; topicData: [] }>().toExtend<ProduceRequest>();
  });
});
