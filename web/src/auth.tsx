import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, onTokens, setTokens } from './lib/api.ts';
import { loadTokens, type Tokens } from './lib/session.ts';
import type { User } from './lib/types.ts';

interface AuthState {
  user: User | null;
  loading: boolean;
  signIn(tokens: Tokens): void;
  signOut(): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [signedIn, setSignedIn] = useState(() => loadTokens() !== null);
  const queryClient = useQueryClient();
  useEffect(() => onTokens((tokens) => setSignedIn(tokens !== null)), []);
  const me = useQuery({ queryKey: ['me'], queryFn: () => api<User>('/auth/me'), enabled: signedIn, retry: false });
  const value: AuthState = {
    user: signedIn ? (me.data ?? null) : null,
    loading: signedIn && me.isPending,
    signIn(tokens) {
      setTokens(tokens);
      void queryClient.invalidateQueries({ queryKey: ['me'] });
    },
    async signOut() {
      const tokens = loadTokens();
      await api('/auth/logout', {
        method: 'POST',
        body: JSON.stringify({ refresh_token: tokens?.refresh_token }),
      }).catch(() => undefined);
      setTokens(null);
      queryClient.clear();
    },
  };
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}
