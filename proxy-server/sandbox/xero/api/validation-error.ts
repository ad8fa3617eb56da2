/**
 * The 400 body of a rejected write, exactly the shape of examples/createContacts.400.json: ErrorNumber 10,
 * ValidationException, and each failing element echoed back with its ValidationErrors.
 */
export function validationExceptionBody(elements: Record<string, unknown>[]): Record<string, unknown> {
  return {
    ErrorNumber: 10,
    Type: 'ValidationException',
    Message: 'A validation exception occurred',
    Elements: elements,
  };
}

export function messages(texts: readonly string[]): { Message: string }[] {
  return texts.map((Message) => ({ Message }));
}
