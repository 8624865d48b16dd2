#!/usr/bin/env python3
"""Runs the test suite in each build directory given and prints one closing line,
'N passed, N failed', counting test cases (TAP results) across all of them.
A test program that crashes or times out counts as one failed case."""

import json
import os
import subprocess
import sys


def count(build_dir):
    passed = failed = skipped = 0
    problems = []
    log = os.path.join(build_dir, 'meson-logs', 'testlog.json')
    with open(log, encoding='utf-8') as f:
        for line in f:
            entry = json.loads(line)
            out = entry.get('stdout') or ''
            ok = bad = 0
            for text in out.splitlines():
                if text.startswith('not ok'):
                    bad += 1
                    problems.append(f"{build_dir}: {entry['name']}: {text}")
                elif text.startswith('ok'):
                    if '# SKIP' in text or '# skip' in text:
                        skipped += 1
                    else:
                        ok += 1
            if entry.get('result') not in ('OK', 'SKIP', 'EXPECTEDFAIL') and bad == 0:
                bad = 1
                problems.append(f"{build_dir}: {entry['name']}: {entry.get('result')}")
            passed += ok
            failed += bad
    return passed, failed, skipped, problems


def main():
    dirs = sys.argv[1:] or ['build']
    passed = failed = skipped = 0
    problems = []
    for d in dirs:
        print(f'== tests in {d}', flush=True)
        subprocess.run(['meson', 'test', '-C', d, '--print-errorlogs',
                        '--num-processes', str(os.cpu_count() or 2)])
        p, f, s, probs = count(d)
        passed += p
        failed += f
        skipped += s
        problems += probs
    if problems:
        print('\nFailures:')
        for p in problems:
            print('  ' + p)
    # The last line is exactly 'N passed, N failed'; skips go on the line before.
    if skipped:
        print(f'{skipped} skipped')
    print(f'{passed} passed, {failed} failed')
    return 1 if failed or passed == 0 else 0


if __name__ == '__main__':
    sys.exit(main())
