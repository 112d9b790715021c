import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, bool, int8, int16, int32, string } from '../dsl/fields.js';

/**
 * DescribeConfigs (API key 32, versions 1-4): Reads topic, broker and other resource configurations.
 */
export const DescribeConfigs = defineApi({
  key: 32,
  name: 'DescribeConfigs',
  versions: '1-4',
  flexible: '4+',
  request: {
    resources: array({
      resourceType: int8(),
      resourceName: string(),
      configurationKeys: array(string(), { nullable: '1+' }),
    }),
    includeSynonyms: bool(),
    includeDocumentation: bool('3+'),
  },
  response: {
    throttleTimeMs: int32(),
    results: array({
      errorCode: int16(),
      errorMessage: string({ nullable: '1+' }),
      resourceType: int8(),
      resourceName: string(),
      configs: array({
        name: string(),
        value: string({ nullable: '1+' }),
        readOnly: bool(),
        configSource: int8({ default: -1, ignorable: true }),
        isSensitive: bool(),
        synonyms: array(
          {
            name: string(),
            value: string({ nullable: '1+' }),
            source: int8(),
          },
          { ignorable: true },
        ),
        configType: int8({ v: '3+', ignorable: true }),
        documentation: string({ v: '3+', nullable: '3+', ignorable: true }),
      }),
    }),
  },
});

/** Request body of {@link DescribeConfigs}. */
export type DescribeConfigsRequest = RequestOf<typeof DescribeConfigs>;
/** Response body of {@link DescribeConfigs}. */
export type DescribeConfigsResponse = ResponseOf<typeof DescribeConfigs>;
