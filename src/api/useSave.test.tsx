import { act, renderHook } from '@testing-library/react';

import { useSave } from './useSave';

it('saves also when the form has no onSaved handler', async () => {
  const save = jest.fn(async (n: number) => n + 1);
  const { result } = renderHook(() => useSave(save, {}));

  let saved = false;
  await act(async () => {
    saved = await result.current.send(41);
  });

  expect(save).toHaveBeenCalledWith(41);
  expect(saved).toBe(true);
});
