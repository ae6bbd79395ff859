import '@mantine/core/styles.css';
import {
  Anchor,
  createTheme,
  MantineProvider,
  TableScrollContainer,
  type CSSVariablesResolver,
} from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { routes } from './app/routes';
import { languageReady } from './shared/i18n';

const theme = createTheme({
  primaryColor: 'loket',
  primaryShade: 8,
  colors: {
    loket: [
      '#e6f4f8',
      '#cce5ee',
      '#99cbdd',
      '#66b0cc',
      '#3396bb',
      '#127aa0',
      '#0e6a8c',
      '#0b5d7a',
      '#084a62',
      '#05374a',
    ],
  },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '700' },
  components: {
    // Links are underlined, so they are told apart from text without relying on colour (WCAG 1.4.1).
    Anchor: Anchor.extend({ defaultProps: { underline: 'always' } }),
    // Wide tables scroll natively and can be scrolled from the keyboard (WCAG 2.1.1).
    TableScrollContainer: TableScrollContainer.extend({ defaultProps: { type: 'native', tabIndex: 0 } }),
  },
});

/**
 * Darker secondary text and light-variant colours, for a contrast of at least 4.5:1 on their tinted
 * backgrounds (WCAG 1.4.3). Mantine's shade 9 suffices for most colours; the warm ones need darker still.
 */
const contrastColors = ['loket', 'gray', 'red', 'blue', 'cyan', 'grape', 'violet', 'indigo', 'pink'];
const darkened: Record<string, string> = {
  orange: '#8f3600',
  yellow: '#6e4a00',
  green: '#1b6329',
  teal: '#055c42',
  lime: '#375e08',
};
const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    // Field errors in red text on white: shade 9 reaches 4.5:1, Mantine's default does not.
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    ...Object.fromEntries(
      contrastColors.map((c) => [`--mantine-color-${c}-light-color`, `var(--mantine-color-${c}-9)`]),
    ),
    ...Object.fromEntries(Object.entries(darkened).map(([c, v]) => [`--mantine-color-${c}-light-color`, v])),
  },
  dark: {},
});

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } },
});

const router = createBrowserRouter(routes);

void languageReady.then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </MantineProvider>
    </StrictMode>,
  ),
);
