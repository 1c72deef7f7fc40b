import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Component, StrictMode, useEffect, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Link, Navigate, Route, Routes, useLocation } from 'react-router';
import { AuthProvider, useAuth } from './auth.tsx';
import { Spinner } from './components/ui.tsx';
import { LoginPage, ProfilePage, RegisterPage } from './pages/AuthPages.tsx';
import { ConnectionPage } from './pages/ConnectionPage.tsx';
import { ConnectionsPage } from './pages/ConnectionsPage.tsx';
import { SharePage } from './pages/SharePage.tsx';
import { SettingsPage } from './pages/settings/SettingsPage.tsx';
import { useTitle } from './lib/use-title.ts';
import './styles.css';

class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <main className="narrow">
        <h1>Something went wrong</h1>
        <p className="error">{this.state.error.message}</p>
        <div className="row">
          <button type="button" onClick={() => window.location.reload()}>
            Reload the page
          </button>
          <button type="button" onClick={() => window.location.assign('/')}>
            Back to the start
          </button>
        </div>
      </main>
    );
  }
}

function ThemeToggle() {
  const [theme, setTheme] = useState(
    () =>
      localStorage.getItem('askdb.theme') ??
      (window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'),
  );
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem('askdb.theme', theme);
  }, [theme]);
  return (
    <button
      type="button"
      className="link"
      onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
      aria-label="Switch light or dark theme"
    >
      {theme === 'dark' ? '☀ Light' : '☾ Dark'}
    </button>
  );
}

function Header() {
  const { user, signOut } = useAuth();
  return (
    <header className="top">
      <Link to="/" className="brand">
        AskDB
      </Link>
      <nav className="row">
        <ThemeToggle />
        {user && (
          <>
            <Link to="/settings">Settings</Link>
            <Link to="/profile">{user.username}</Link>
            <button type="button" className="link" onClick={() => void signOut()}>
              Sign out
            </button>
          </>
        )}
      </nav>
    </header>
  );
}

function NotFound() {
  useTitle('Page not found');
  return (
    <main className="narrow">
      <h1>Page not found</h1>
      <Link to="/">Back to your databases</Link>
    </main>
  );
}

function RequireUser({ children }: { children: ReactNode }) {
  const { user, loading } = useAuth();
  const location = useLocation();
  if (loading) return <Spinner />;
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  return children;
}

function App() {
  return (
    <>
      <Header />
      <ErrorBoundary>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route path="/register" element={<RegisterPage />} />
          <Route path="/share/:token" element={<SharePage />} />
          <Route
            path="/"
            element={
              <RequireUser>
                <ConnectionsPage />
              </RequireUser>
            }
          />
          <Route
            path="/db/:id/:tab?/:sessionId?"
            element={
              <RequireUser>
                <ConnectionPage />
              </RequireUser>
            }
          />
          <Route
            path="/settings/:section?"
            element={
              <RequireUser>
                <SettingsPage />
              </RequireUser>
            }
          />
          <Route
            path="/profile"
            element={
              <RequireUser>
                <ProfilePage />
              </RequireUser>
            }
          />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </ErrorBoundary>
    </>
  );
}

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <AuthProvider>
          <App />
        </AuthProvider>
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
