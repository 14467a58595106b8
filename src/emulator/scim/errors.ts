import { randomUUID } from 'node:crypto';
import type { EmulatorResponse } from '../router.js';
import type { ScimProfile } from './profiles.js';

const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** AWS writes `2024-04-05 06:32:12.227`. */
function awsTimeStamp(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/**
 * Each server's error body: RFC 7644 §3.12 (`status` a string); AWS's older body, as its SCIM guide shows it,
 * has `schema` (an array) and no `schemas`, `status` a string, `exceptionRequestId` and `timeStamp`; Huawei sends
 * `schema` (a string), `status` as an integer and `timeStamp`.
 */
export function scimError(profile: ScimProfile, status: number, detail: string, scimType?: string, headers?: Record<string, string>): EmulatorResponse {
  let body: Record<string, unknown>;
  switch (profile.errorStyle) {
    case 'aws':
      body = {
        schema: [ERROR_SCHEMA],
        detail,
        status: String(status),
        exceptionRequestId: randomUUID(),
        timeStamp: awsTimeStamp(new Date()),
      };
      break;
    case 'huawei':
      body = { schema: ERROR_SCHEMA, schemas: [ERROR_SCHEMA], detail, status, timeStamp: new Date().toISOString() };
      break;
    default:
      body = { schemas: [ERROR_SCHEMA], status: String(status), ...(scimType === undefined ? {} : { scimType }), detail };
  }
  return { status, headers: { 'content-type': profile.contentType, ...headers }, body };
}

/** Huawei's API gateway answer for a route it does not have (error code APIGW.0101). */
export function huaweiGatewayNotFound(): EmulatorResponse {
  return {
    status: 404,
    headers: { 'content-type': 'application/json' },
    body: {
      error_code: 'APIGW.0101',
      error_msg: 'The API does not exist or has not been published in the environment',
      request_id: randomUUID().replace(/-/g, ''),
    },
  };
}
