#!/usr/bin/env python3
"""Checks that a program links the core library and libcrypto and nothing else of ours or the
system's: no storage, RocksDB, Cap'n Proto, spdlog, libssl, ...

    links.py BUILD_DIR PROGRAM

Reads the program's link step in BUILD_DIR/build.ninja (every library given to the linker,
static or shared) and the shared libraries the built program needs (readelf -d). Fails when
either names a library outside the allowed ones, or when the link step cannot be found.
"""
import os
import re
import shutil
import subprocess
import sys

# What the linker may be given: the core library and libcrypto. (Static libraries would not show
# in the program's NEEDED entries, so the link step is the check that catches storage.)
LINKED = {'auditgraph_core', 'crypto'}
# What the program may need at run time: libcrypto, the C and C++ runtimes, and the sanitizers'.
RUNTIME = re.compile(r'^(libcrypto|libstdc\+\+|libm|libgcc_s|libc|ld-linux[-\w]*|libasan|'
                     r'libubsan|libtsan|liblsan|libpthread|libdl|librt)\.so')


def library_name(token):
    """'storage/libauditgraph_storage.a' -> 'auditgraph_storage'; '-lcrypto' -> 'crypto';
    None when the token is not a library."""
    if token.startswith('-l'):
        return token[2:]
    base = os.path.basename(token)
    m = re.match(r'^lib(.+?)\.(a|so(\.\d+)*)$', base)
    return m.group(1) if m else None


def link_step(build_dir, program):
    """The build statement of `program` and its variables, as one list of tokens."""
    with open(os.path.join(build_dir, 'build.ninja'), encoding='utf-8') as f:
        text = f.read().replace('$\n', ' ')
    out = os.path.relpath(program, build_dir).replace(':', '$:').replace(' ', '$ ')
    lines = text.split('\n')
    for i, line in enumerate(lines):
        if line.startswith('build ' + out + ':'):
            block = [line[len('build ' + out + ':'):]]
            for var in lines[i + 1:]:
                if not var.startswith(' '):
                    break
                block.append(var.split('=', 1)[1] if '=' in var else var)
            return ' '.join(block).split()
    return None


def needed(program):
    tool = shutil.which('readelf')
    if not tool:
        return None
    out = subprocess.run([tool, '-d', program], check=True, capture_output=True, text=True).stdout
    return re.findall(r'\(NEEDED\)\s+Shared library: \[([^\]]+)\]', out)


def main():
    build_dir, program = sys.argv[1], sys.argv[2]
    if not os.path.isfile(program):
        print(f'{program} is not built')
        return 1
    failures = []
    tokens = link_step(build_dir, program)
    if tokens is None:
        print(f'no link step for {program} in {build_dir}/build.ninja')
        return 1
    libs = sorted({n for n in map(library_name, tokens) if n})
    print('linked:', ' '.join(libs))
    failures += [f'links {n}' for n in libs if n not in LINKED]
    if 'auditgraph_core' not in libs:
        failures.append('does not link auditgraph_core (is this the right program?)')

    libs = needed(program)
    if libs is None:
        print('needed: not checked (no readelf)')
    else:
        print('needed:', ' '.join(libs))
        failures += [f'needs {n} at run time' for n in libs if not RUNTIME.match(n)]

    for f in failures:
        print('FAILED:', os.path.basename(program), f)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
