// The one error type. Domain code throws AppError; the error handler in app.ts turns it into
// RFC 9457 problem+json. Unknown errors become a logged 500 carrying the request id.

export interface FieldError {
  field: string;
  message: string;
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    detail: string,
    readonly errors: FieldError[] = [],
  ) {
    super(detail);
    this.name = 'AppError';
  }

  get title(): string {
    return titles[this.status] ?? 'Error';
  }
}

export const notFound = (what: string) => new AppError('not_found', 404, `${what} not found`);
export const forbidden = (detail = 'You may not do this') => new AppError('forbidden', 403, detail);
export const unauthorized = (detail = 'Authentication required') =>
  new AppError('unauthorized', 401, detail);
export const invalid = (field: string, message: string) =>
  new AppError('validation_failed', 422, `${field}: ${message}`, [{ field, message }]);
export const conflict = (detail: string, field?: string) =>
  new AppError('conflict', 409, detail, field ? [{ field, message: detail }] : []);
