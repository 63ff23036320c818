# kho — two commands on a fresh Debian machine:  make demo   and   make test
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Debian packages kho needs: C libraries it links, tools its tests and demo compare against.
APT_PACKAGES := libsqlite3-dev libmagic-dev libmagic-mgc libexif-dev libxml2-dev zlib1g-dev pkg-config file coreutils python3 \
                ffmpeg libimage-exiftool-perl poppler-utils antiword catdoc libvips42 libchromaprint-tools \
                tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng imagemagick fonts-dejavu-core python3-venv
# Only for make test: the browser tests drive Debian's chromium through chromium-driver (selenium from
# PyPI); LibreOffice draws office files' previews where it is installed, and the tests check that it does.
TEST_APT_PACKAGES := chromium chromium-driver libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SWIFT ?= swift
KHO := .build/debug/kho
DEMO_REPO ?= ./Storage
CORPUS ?= ../shared/corpus

.PHONY: help deps toolchain build release test demo bench clean

help:
	@echo "make demo    install what is missing, build, ingest a sample into ./Storage, show it"
	@echo "make test    install what is missing, build, run every test"
	@echo "make bench   release build; ingest vs cp -r, search latency, extraction, watch latency (tables)"
	@echo "make deps    only install the Debian packages kho needs (quick when nothing is missing)"
	@echo "make build   debug build (.build/debug/kho, .build/debug/kho-serve);  make release: optimised build, Swift's libraries linked in (starts in ~8 ms, not ~14)"

toolchain:
	@command -v $(SWIFT) >/dev/null || { echo "Swift 6 is needed: install the toolchain from swift.org (Debian 12 tarball) and put it on PATH"; exit 2; }

# Installs those of the Debian packages $(1) that are missing (quick when none is).
define install-missing
	@missing=$$(for p in $(1); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	    echo "Installing Debian packages:" $$missing; \
	    $(SUDO) apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
endef

deps: toolchain
	$(call install-missing,$(APT_PACKAGES))

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --static-swift-stdlib

test: deps
	$(call install-missing,$(TEST_APT_PACKAGES))
	@# The tests write up to ~1 GB of scratch (a 300 MB file is ingested while killed); a full disk
	@# would show as dozens of unrelated failures, so say it plainly first.
	@tmp="$${TMPDIR:-/tmp}"; free=$$(df -Pk "$$tmp" | awk 'NR==2 {print int($$4 / 1024)}'); \
	if [ "$${free:-0}" -lt 1024 ]; then \
	    echo "make test: only $${free} MB free in $$tmp; the tests need about 1 GB there — free space or set TMPDIR to a roomier disk"; exit 1; fi
	@# reportlab (PyPI) writes the PDF versions of the labelled documents the tests read; selenium drives chromium.
	@[ -x .build/test-venv/bin/python3 ] && .build/test-venv/bin/python3 -c "import reportlab, selenium" 2>/dev/null || \
	    { python3 -m venv .build/test-venv && .build/test-venv/bin/pip install -q reportlab selenium; }
	$(SWIFT) build --build-tests
	@set -o pipefail; $(SWIFT) test --skip-build --parallel 2>&1 | tee .build/test.log || exit 1; \
	n=$$(grep -oE 'Test run with [0-9]+ tests?' .build/test.log | tail -1 | grep -oE '[0-9]+'); \
	echo "test: $${n:-0} passed, 0 failed"

# Ingest ../shared/corpus when present, DEMO_DIR when given, else a sample made on the spot.
demo: build
	@set -e; \
	if [ -n "$(DEMO_DIR)" ]; then dir="$(DEMO_DIR)"; \
	elif [ -d "$(CORPUS)" ]; then dir="$(CORPUS)"; \
	else dir=.build/demo-sample; rm -rf "$$dir"; scripts/make-sample.sh "$$dir"; fi; \
	echo; echo "== kho init"; $(KHO) init --repo $(DEMO_REPO); \
	echo; echo "== kho ingest $$dir --unit Demo   (problems are listed; exit status 1 means some files were refused)"; \
	$(KHO) ingest --repo $(DEMO_REPO) "$$dir" --unit Demo || true; \
	echo; echo "== the same again: every file is already stored, nothing new is written"; \
	$(KHO) ingest --repo $(DEMO_REPO) "$$dir" --unit Demo >/dev/null 2>&1 || true; $(KHO) stats --repo $(DEMO_REPO); \
	echo; echo "== kho ls --kind image -n 5"; $(KHO) ls --repo $(DEMO_REPO) --kind image -n 5; \
	grep -v '^#' scripts/demo-searches.txt | while IFS='|' read -r words note; do \
	    echo; echo "== kho search $$words   ($$note)"; eval "set -- $$words"; $(KHO) search --repo $(DEMO_REPO) "$$@" || true; \
	done; \
	echo; echo "== kho previews   (thumbnails and large views to look at, in $(DEMO_REPO)/previews/)"; \
	$(KHO) previews --repo $(DEMO_REPO) || true; \
	first=$$($(KHO) ls --repo $(DEMO_REPO) --kind image -n 1 --json | grep -m1 '"digest"' | cut -d'"' -f4); \
	echo; echo "== kho show $${first:0:8}   (open its preview in an image viewer)"; $(KHO) show --repo $(DEMO_REPO) $${first:0:8}; \
	out=$$(mktemp -d); \
	echo; echo "== kho export $${first:0:8} --to $$out/ (bytes out, verified against the digest)"; \
	$(KHO) export --repo $(DEMO_REPO) $${first:0:8} --to $$out/; \
	echo "sha256sum of the exported file: $$(sha256sum $$out/* | cut -c1-64)"; rm -rf "$$out"; \
	w=.build/demo-watch; rm -rf "$$w"; mkdir -p "$$w/inbox/VanPhong/Hội nghị" "$$w/inbox/PhongQLDN"; \
	echo; echo "== kho watch $$w/inbox --stable 1   (the watch folder; it runs as a service normally)"; \
	$(KHO) watch --repo $(DEMO_REPO) "$$w/inbox" --stable 1 & pid=$$!; sleep 1; \
	echo "Biên bản hội nghị chuyển đổi số tháng 11" > "$$w/inbox/VanPhong/Hội nghị/bien-ban.txt"; \
	: > "$$w/inbox/PhongQLDN/tep-rong.txt"; sleep 3; \
	echo; echo "== kho status"; $(KHO) status --repo $(DEMO_REPO) || true; kill -TERM $$pid; wait $$pid || true; \
	echo; echo "== what the watcher left:"; (cd "$$w" && find done failed -type f | sort); \
	echo; echo "== kho search bien ban --tag \"hoi nghi\""; $(KHO) search --repo $(DEMO_REPO) bien ban --tag "hoi nghi" || true; \
	echo; echo "== kho facets"; $(KHO) facets --repo $(DEMO_REPO) | head -30; \
	echo; echo "== kho dedup --kind image   (near-duplicates, with a suggested keeper; nothing is deleted)"; \
	$(KHO) dedup --repo $(DEMO_REPO) --kind image | head -20; \
	echo; echo "== kho audit --budget 1GB   (re-reads objects, checks their SHA-256)"; $(KHO) audit --repo $(DEMO_REPO) --budget 1GB || true; \
	$(KHO) user list --repo $(DEMO_REPO) | grep -q '^demo ' || \
	    echo "kho-demo-2026" | $(KHO) user add demo --role admin --password-stdin --repo $(DEMO_REPO) >/dev/null; \
	echo; echo "== the library in a browser (Vietnamese; English at the top right):"; \
	echo "     $(KHO) serve --repo $(DEMO_REPO)"; \
	echo "   then open http://127.0.0.1:8080 and sign in as  demo  with the password  kho-demo-2026"; \
	echo "   (a demo account: on a real library, add people with  kho user add NAME --role viewer|editor|admin)"

# Yardsticks make bench measures kho against in the same run: vipsthumbnail (decoding pictures),
# recollq (search), hyperfine (whole-process timings), wrk (kho serve's pages).
BENCH_PACKAGES := libvips-tools recollcmd hyperfine wrk

bench: deps
	$(call install-missing,$(BENCH_PACKAGES))
	@# Python's imagehash is the reference the dedup section measures against.
	@[ -x .build/bench-venv/bin/python3 ] && .build/bench-venv/bin/python3 -c "import imagehash" 2>/dev/null || \
	    { python3 -m venv .build/bench-venv && .build/bench-venv/bin/pip install -q imagehash; }
	$(SWIFT) build -c release --static-swift-stdlib
	.build/release/kho-bench $(BENCH_ARGS)

clean:
	rm -rf .build
