// The delivery view's HTML: long paths cut, every value escaped.
import { describe, expect, it } from 'vitest';
import { deliveryList, shownSteps } from './delivery-page.ts';

describe('shownSteps', () => {
  it('keeps a short path whole and sums up the middle of a long one', () => {
    const step = (actor: 'snippet' | 'relay', n: number) => ({
      at: '2026-12-01T20:00:00.000Z',
      actor,
      tone: 'info' as const,
      text: `${actor} ${n}`,
    });
    const short = Array.from({ length: 12 }, (_, n) => step('relay', n));
    expect(shownSteps(short)).toEqual(short);
    const long = Array.from({ length: 20 }, (_, n) => step(n % 3 == 0 ? 'snippet' : 'relay', n));
    const shown = shownSteps(long);
    expect(shown).toHaveLength(12);
    expect(shown.slice(0, 4)).toEqual(long.slice(0, 4));
    expect(shown[4]).toBe('… 9 more steps (3 more attempts) …');
    expect(shown.slice(5)).toEqual(long.slice(13));
  });
});

describe('deliveryList', () => {
  it('escapes every value from the log', () => {
    const html = deliveryList({
      leads: [
        {
          key: '<k>',
          eventId: '"><script>x</script>',
          eventName: '<img src=x onerror=alert(1)>',
          clickId: '<b>',
          firstAt: '2026-12-01T20:00:00.000Z',
          lastAt: '2026-12-01T20:00:00.000Z',
          state: 'refused',
          label: 'Not recorded: refused',
          why: 'The relay refused it: <i>',
          retries: 0,
          attempts: 1,
          via: ['<fetch>'],
          steps: [{ at: '2026-12-01T20:00:00.000Z', actor: 'relay', tone: 'bad', text: '<u>' }],
        },
      ],
      outage: false,
      sandbox: true,
      version: '1',
    });
    expect(html).not.toMatch(/<(script|img|b|i|u|k|fetch)[ >]/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('data-event-id="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
  });
});
