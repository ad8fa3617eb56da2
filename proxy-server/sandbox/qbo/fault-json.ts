import { formatQboResponseTime } from './qbo-time.js';

export interface FaultError {
  Message: string;
  Detail: string;
  code: string;
  element?: string;
}

/** `{"Fault":{"Error":[…],"type":…},"time":…}` — error__400__1.json. */
export function faultJson(now: number, type: string, errors: FaultError[]): Record<string, unknown> {
  return { Fault: { Error: errors, type }, time: formatQboResponseTime(now) };
}

export function validationFault(now: number, error: FaultError): Record<string, unknown> {
  return faultJson(now, 'ValidationFault', [error]);
}

/** Code 610 as QBO words it for a missing or inactive reference (api-facts.md "Errors"). */
export function objectNotFound(now: number, entity: string, id: string): Record<string, unknown> {
  return validationFault(now, {
    Message: 'Object Not Found',
    Detail: `Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees. (${entity} ${id})`,
    code: '610',
    element: '',
  });
}

/**
 * The 401 body: a different, lower-case envelope from the platform gateway (error__401__0.json), with every key the
 * recording carries, `time` as epoch milliseconds.
 */
export function authenticationFault(now: number, detail: string): Record<string, unknown> {
  return {
    warnings: null,
    intuitObject: null,
    fault: {
      error: [
        {
          message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401',
          detail,
          code: '3200',
          element: null,
        },
      ],
      type: 'AUTHENTICATION',
    },
    report: null,
    queryResponse: null,
    batchItemResponse: [],
    attachableResponse: [],
    syncErrorResponse: null,
    requestId: null,
    time: now,
    status: null,
    cdcresponse: [],
  };
}
