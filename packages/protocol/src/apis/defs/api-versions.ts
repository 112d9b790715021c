import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, bool, int16, int32, int64, string } from '../dsl/fields.js';

/**
 * ApiVersions (API key 18, versions 0-4): The API versions and features a broker supports; sent first
 * on every connection.
 */
export const ApiVersions = defineApi({
  key: 18,
  name: 'ApiVersions',
  versions: '0-4',
  flexible: '3+',
  request: {
    clientSoftwareName: string({ v: '3+', ignorable: true }),
    clientSoftwareVersion: string({ v: '3+', ignorable: true }),
  },
  response: {
    errorCode: int16(),
    apiKeys: array({
      apiKey: int16(),
      minVersion: int16(),
      maxVersion: int16(),
    }),
    throttleTimeMs: int32({ v: '1+', ignorable: true }),
    supportedFeatures: array(
      {
        name: string('3+'),
        minVersion: int16('3+'),
        maxVersion: int16('3+'),
      },
      { v: '3+', tag: 0, ignorable: true },
    ),
    finalizedFeaturesEpoch: int64({ v: '3+', default: -1n, tag: 1, ignorable: true }),
    finalizedFeatures: array(
      {
        name: string('3+'),
        maxVersionLevel: int16('3+'),
        minVersionLevel: int16('3+'),
      },
      { v: '3+', tag: 2, ignorable: true },
    ),
    zkMigrationReady: bool({ v: '3+', tag: 3, ignorable: true }),
  },
});

/** Request body of {@link ApiVersions}. */
export type ApiVersionsRequest = RequestOf<typeof ApiVersions>;
/** Response body of {@link ApiVersions}. */
export type ApiVersionsResponse = ResponseOf<typeof ApiVersions>;
