// proxy.ts (Next.js 16; middleware.ts with `export function middleware` before 16)
import { NextResponse, type NextRequest, type ProxyConfig } from 'next/server';
import { clickIdCookie } from 'pimms-lead/relay';

// The landing page's own response keeps the click id: a cookie set by the site's server keeps
// its 90 days in Safari, where one written by script lasts 7 days at most.
export function proxy(request: NextRequest) {
  const response = NextResponse.next();
  const cookie = clickIdCookie(request, { cookieDomain: 'example.com' });
  if (cookie) response.headers.append('set-cookie', cookie);
  return response;
}

// Only requests that carry a click id; pages, not API routes or assets.
export const config: ProxyConfig = {
  matcher: [
    {
      source: '/((?!api|_next/static|_next/image|favicon.ico).*)',
      has: [{ type: 'query', key: 'pimms_id' }],
    },
  ],
};
