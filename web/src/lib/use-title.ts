import { useEffect } from 'react';
import { pageTitle } from './routes.ts';

/** Names the page in the browser's tab and history: most specific part first. */
export function useTitle(...parts: (string | null | undefined)[]): void {
  const title = pageTitle(...parts);
  useEffect(() => {
    document.title = title;
  }, [title]);
}
