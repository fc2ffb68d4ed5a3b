#!/bin/sh
# What the `webkit` project gives Playwright as its own WebKit: a spec that takes `test` from
# '@playwright/test' gets Playwright's browser fixture, which would start this. WebKitGTK runs
# through the adapter of e2e/support/fixtures.ts instead; this says so in the launch error.
echo "This spec imports test from '@playwright/test': import { test, expect } from './support/fixtures.ts' so that it runs in WebKitGTK (README, Browser tests in three engines)." >&2
exit 1
