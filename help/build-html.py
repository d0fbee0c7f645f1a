#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Builds one language of the manual as HTML, for F1 on a computer without Yelp.

The Mallard pages of help/C (translated with help/LANG/LANG.po for another language) and their
pictures (those of help/LANG/figures where the language has its own, else the English ones) are
put together in MALLARD, exactly as Yelp shows them once installed, then yelp-build turns them
into HTML in HTML. The tests check the pages of MALLARD.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--lang', required=True, help='C, or a language of help/LINGUAS')
    parser.add_argument('--source', required=True, help='the help/ folder of the source tree')
    parser.add_argument('--html', required=True, help='folder to write the HTML into')
    parser.add_argument('--mallard', required=True, help='folder to write the pages into')
    parser.add_argument('--itstool', default='itstool')
    parser.add_argument('--msgfmt', default='msgfmt')
    parser.add_argument('--yelp-build', default='yelp-build')
    parser.add_argument('--media', action='append', default=[], help='a picture, as figures/NAME')
    parser.add_argument('pages', nargs='+', help='the page files of help/C')
    args = parser.parse_args()

    english = os.path.join(args.source, 'C')
    pages = [os.path.join(english, p) for p in args.pages]
    for folder in (args.mallard, args.html):
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)

    if args.lang == 'C':
        for page in pages:
            shutil.copy(page, args.mallard)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            mo = os.path.join(tmp, args.lang + '.mo')
            subprocess.run([args.msgfmt, '-o', mo,
                            os.path.join(args.source, args.lang, args.lang + '.po')], check=True)
            subprocess.run([args.itstool, '-m', mo, '--lang', args.lang, '-o', args.mallard + os.sep]
                           + pages, check=True)

    for media in args.media:
        own = os.path.join(args.source, args.lang, media)
        target = os.path.join(args.mallard, media)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy(own if os.path.exists(own) else os.path.join(english, media), target)

    subprocess.run([args.yelp_build, 'html', '-o', args.html + os.sep]
                   + [os.path.join(args.mallard, p) for p in args.pages], check=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
