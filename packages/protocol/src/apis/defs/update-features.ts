import { defineApi, type RequestOf, type ResponseOf } from '../dsl/define-api.js';
import { array, bool, int8, int16, int32, string } from '../dsl/fields.js';

/**
 * UpdateFeatures (API key 57, versions 0-2): Finalizes cluster feature levels such as group.version or
 * transaction.version.
 */
export const UpdateFeatures = defineApi({
  key: 57,
  name: 'UpdateFeatures',
  versions: '0-2',
  flexible: '0+',
  request: {
    timeoutMs: int32({ default: 60000 }),
    featureUpdates: array({
      feature: string(),
      maxVersionLevel: int16(),
      allowDowngrade: bool('0'),
      upgradeType: int8({ v: '1+', default: 1 }),
    }),
    validateOnly: bool('1+'),
  },
  response: {
    throttleTimeMs: int32(),
    errorCode: int16(),
    errorMessage: string({ nullable: '0+' }),
    results: array(
      {
        feature: string(),
        errorCode: int16(),
        errorMessage: string({ nullable: '0+' }),
      },
      { v: '0-1', ignorable: true },
    ),
  },
});

/** Request body of {@link UpdateFeatures}. */
export type UpdateFeaturesRequest = RequestOf<typeof UpdateFeatures>;
/** Response body of {@link UpdateFeatures}. */
export type UpdateFeaturesResponse = ResponseOf<typeof UpdateFeatures>;
