import { useQuery } from '@tanstack/react-query';
import { errorOf } from './api.ts';
import type { Health } from './types.ts';

/** /system/health (public; 503 still carries the body when something is degraded). */
export function useHealth() {
  return useQuery({
    queryKey: ['health'],
    queryFn: async () => {
      const response = await fetch('/system/health');
      if (response.status !== 200 && response.status !== 503) throw await errorOf(response);
      return (await response.json()) as Health;
    },
    staleTime: 60_000,
  });
}
