'use client';

import { describeApiError } from './api-client';
import { FormError, SubmitButton } from './form';

/** The end of an edit form: the mutation's error, "Saved." once it succeeded, and the Save button. */
export function SaveFooter({ mutation }: { mutation: { isError: boolean; error: unknown; isSuccess: boolean; isPending: boolean } }) {
  return (
    <>
      <FormError message={mutation.isError ? describeApiError(mutation.error) : null} />
      {mutation.isSuccess && (
        <p role="status" className="text-sm text-green-800">
          Saved.
        </p>
      )}
      <SubmitButton pending={mutation.isPending}>Save</SubmitButton>
    </>
  );
}
