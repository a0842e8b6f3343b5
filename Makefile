# DownRadar. `make run` and `make test` install what they need on a fresh
# Debian or Ubuntu machine (the C headers Fyne's cgo build wants), as root or
# through sudo, then build and run or test.

GO       ?= go
BIN      ?= downradar
export CGO_ENABLED := 1
export PATH := $(PATH):/usr/local/go/bin

# What a Fyne build needs from Debian/Ubuntu (cgo, GL, X11).
APT_BUILD := gcc libc6-dev pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev \
             libxinerama-dev libxi-dev libxxf86vm-dev
# What the end-to-end tests run: an X server, Mesa's software GL, a session
# bus, a real notification daemon, a real tray host, and X tools; the fonts
# the .deb brings (every script of the catalog and the news languages) and
# what reads the window back (app/e2e/scripts_test.go: ImageMagick's import
# and convert, tesseract with the seed languages' data).
APT_TEST := xvfb libgl1-mesa-dri dbus dunst libnotify-bin xdotool x11-utils procps \
            haskell-gtk-sni-tray-utils fonts-dejavu-core nftables iproute2 \
            fonts-noto-core fonts-noto-cjk imagemagick tesseract-ocr tesseract-ocr-ara tesseract-ocr-hin \
            tesseract-ocr-ben tesseract-ocr-fra tesseract-ocr-ita
# What `make screenshots` adds.
APT_SHOTS := imagemagick

# How long `make bench` watches the idle agent (docs/performance.md's figures are 10m).
IDLE ?= 10m
# How long `make bench-scale` measures each agent at each size.
SCALE ?= 60s
# How many inputs `make fuzz` runs each fuzz target on (a count, not a
# duration: see .ci/run).
FUZZTIME ?= 200000x
# The fuzz targets: package and function.
FUZZ := ./checker/classify:FuzzClassify ./checker/news:FuzzParse ./checker/statuspage:FuzzParse ./checker/config:FuzzEdit

.PHONY: all deps deps-test build run demo test e2e fuzz bench screenshots vet vet-darwin fmt clean install install-files desktop-caches uninstall deb

all: build

## deps: install the missing Debian/Ubuntu packages the build needs
deps:
	@$(MAKE) --no-print-directory apt PKGS="$(APT_BUILD)"

## deps-test: and those the tests need
deps-test:
	@$(MAKE) --no-print-directory apt PKGS="$(APT_BUILD) $(APT_TEST)"

apt:
	@command -v $(GO) >/dev/null || { echo "make: Go 1.26 or newer is needed (https://go.dev/dl/)"; exit 1; }
	@missing=""; for p in $(PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		sudo=""; [ "$$(id -u)" -eq 0 ] || sudo="sudo"; \
		echo "make: installing$$missing"; \
		$$sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -q --no-install-recommends $$missing; \
	fi

# The git commit the binary is built from goes into it (`downradar
# version`): Go stamps it, unless the machine turned that off
# (GOFLAGS=-buildvcs=false), so a git checkout asks for it.
BUILDVCS := $(if $(wildcard .git),-buildvcs=true)

## build: the downradar binary (agent, CLI and window in one)
build: deps
	$(GO) build $(BUILDVCS) -o $(BIN) .

## run: start the agent with your config (or the built-in services)
run: build
	./$(BIN)

## demo: the loopback outage lab and the agent watching it (downradar demo)
demo: build
	./$(BIN) demo

## test: every test, with the race detector: unit tests (Fyne headless,
## -tags ci), then end to end on Xvfb + dbus + dunst + a tray host (-tags e2e)
test: deps-test
	$(GO) vet -tags ci ./...
	$(GO) vet -tags e2e ./app/e2e/
	$(GO) test -race -tags ci -count=1 ./...
	$(GO) test -tags e2e -count=1 ./app/e2e/

# How many times in a row `make stress` runs the unit tests.
STRESS ?= 5

.PHONY: stress
## stress: the unit tests (-race, -tags ci) $(STRESS) times in a row, each CPU
## kept busy by a busy loop meanwhile; stops at the first failure
stress: deps-test
	@hogs=""; \
	trap 'kill $$hogs 2>/dev/null' EXIT; trap 'kill $$hogs 2>/dev/null; exit 130' INT TERM; \
	for i in $$(seq $$(nproc)); do sh -c 'while :; do :; done' & hogs="$$hogs $$!"; done; \
	echo "make stress: $$(nproc) busy loops (pids$$hogs), $(STRESS) runs"; \
	for run in $$(seq $(STRESS)); do \
		echo "make stress: run $$run of $(STRESS)"; \
		$(GO) test -race -tags ci -count=1 ./... || { echo "make stress: run $$run of $(STRESS) failed"; exit 1; }; \
	done; \
	echo "make stress: $(STRESS) runs in a row passed"

## monitoring-check: docs/monitoring's alerting rules (promtool check and
## unit tests) and example scrape config, with Debian's promtool
.PHONY: monitoring-check
monitoring-check:
	@$(MAKE) --no-print-directory apt PKGS="prometheus"
	cd docs/monitoring && promtool check rules alerts.yml && promtool test rules alerts_test.yml && promtool check config prometheus.yml

## e2e: only the end-to-end tests, with their full output
e2e: deps-test
	$(GO) test -tags e2e -count=1 -v ./app/e2e/

## fuzz: each fuzz target for $(FUZZTIME) (hostile feeds, status pages,
## headlines and config edits): no panic, bounded time and memory
fuzz: deps
	@for t in $(FUZZ); do \
		pkg=$${t%%:*}; fn=$${t##*:}; \
		echo "fuzz $$pkg $$fn ($(FUZZTIME))"; \
		$(GO) test -run '^$$' -fuzz "^$$fn\$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	done

## bench: the benchmarks whose figures docs/performance.md quotes, and the idle
## agent's footprint over $(IDLE)
bench: deps-test
	$(GO) test -tags ci -run '^$$' -bench . -benchmem ./...
	$(GO) test -tags e2e -run '^$$' -bench AgentIdle -benchtime 1x -timeout 0 ./app/e2e/ -idle $(IDLE)

## bench-scale: the tray agent and `downradar headless` side by side on
## loopback HTTP endpoints checked every 10 s (200 and 1,000 services, and
## 500 of 3 components), each measured $(SCALE): CPU per check, RSS, checks
## done of those due (docs/performance.md)
.PHONY: bench-scale
bench-scale: deps-test
	$(GO) test -tags e2e -run '^$$' -bench AgentScale -benchtime 1x -timeout 0 ./app/e2e/ -scale $(SCALE)

## screenshots: the docs/ pictures, taken on Xvfb with a tray host and dunst
screenshots: deps-test
	@$(MAKE) --no-print-directory apt PKGS="$(APT_SHOTS)"
	$(GO) test -tags 'e2e screenshots' -count=1 -v -run 'Screenshots' ./app/e2e/

# Where `make install` puts DownRadar: your home by default (no root
# needed), /usr or /usr/local with PREFIX; DESTDIR stages it (make deb).
PREFIX  ?= $(HOME)/.local
DESTDIR ?=
APPID   := io.github.downradar
# The files `make install` puts in place, relative to $(PREFIX); the icons
# are those of assets/hicolor (go generate ./assets draws them).
ICONS   := $(patsubst assets/%,share/icons/%,$(wildcard assets/hicolor/*/apps/$(APPID).*))
INSTALLED := bin/downradar share/applications/$(APPID).desktop share/metainfo/$(APPID).metainfo.xml \
             share/man/man1/downradar.1.gz $(ICONS)
# A launcher under /usr or /usr/local runs `downradar` from PATH; one in a
# home directory names the binary, as ~/.local/bin is not always on a
# desktop session's PATH.
EXEC := $(if $(filter /usr /usr/local,$(PREFIX)),downradar,$(PREFIX)/bin/downradar)

## install: the binary, its launcher (.desktop), icons (hicolor, 16-512 px and
## scalable), AppStream metainfo and man page under PREFIX (~/.local; /usr
## with PREFIX=/usr, as root)
install: build install-files

# install-files: what `install` puts in place, without building (make deb
# builds its own binary).
install-files:
	install -Dm755 $(BIN) $(DESTDIR)$(PREFIX)/bin/downradar
	install -d $(DESTDIR)$(PREFIX)/share/applications
	sed 's|^Exec=downradar$$|Exec=$(EXEC)|' assets/$(APPID).desktop > $(DESTDIR)$(PREFIX)/share/applications/$(APPID).desktop
	chmod 644 $(DESTDIR)$(PREFIX)/share/applications/$(APPID).desktop
	install -Dm644 assets/$(APPID).metainfo.xml $(DESTDIR)$(PREFIX)/share/metainfo/$(APPID).metainfo.xml
	install -d $(DESTDIR)$(PREFIX)/share/man/man1
	gzip -9n < assets/downradar.1 > $(DESTDIR)$(PREFIX)/share/man/man1/downradar.1.gz
	chmod 644 $(DESTDIR)$(PREFIX)/share/man/man1/downradar.1.gz
	@for f in $(ICONS); do install -Dm644 assets/$${f#share/icons/} $(DESTDIR)$(PREFIX)/$$f || exit 1; done
	@$(MAKE) --no-print-directory desktop-caches
	@echo "make install: DownRadar is in $(PREFIX) (its launcher: DownRadar, in your desktop's applications)"

# desktop-caches: the icon and launcher caches of PREFIX brought up to date
# (not when staging into DESTDIR: a package's triggers do it).
desktop-caches:
	@if [ -z "$(DESTDIR)" ]; then \
		if command -v gtk-update-icon-cache >/dev/null && [ -d $(PREFIX)/share/icons/hicolor ]; then gtk-update-icon-cache -q -t $(PREFIX)/share/icons/hicolor || true; fi; \
		if command -v update-desktop-database >/dev/null && [ -d $(PREFIX)/share/applications ]; then update-desktop-database -q $(PREFIX)/share/applications || true; fi; \
	fi

## uninstall: remove what `make install` put under PREFIX (your config and
## history stay)
uninstall:
	cd $(DESTDIR)$(PREFIX) && rm -f $(INSTALLED)
	@$(MAKE) --no-print-directory desktop-caches
	@echo "make uninstall: removed DownRadar from $(PREFIX); your config and history stay"

# What `make deb` needs from Debian/Ubuntu: dpkg-shlibdeps (the library
# dependencies), lintian (the package's checks).
APT_DEB := dpkg-dev lintian
DEB_VERSION = $(shell sed -n 's/^Version = "\(.*\)"$$/\1/p' FyneApp.toml)-1
DEB_ARCH    = $(shell dpkg --print-architecture)
DEB         = build/downradar_$(DEB_VERSION)_$(DEB_ARCH).deb

## deb: a Debian package, build/downradar_<version>_<arch>.deb, checked by
## lintian: the install under /usr, a binary built as Debian builds them
## (PIE, full RELRO, no debug symbols), its dependencies (GL, D-Bus, fonts)
deb:
	@$(MAKE) --no-print-directory apt PKGS="$(APT_BUILD) $(APT_DEB)"
	rm -rf build/deb && mkdir -p build/deb/root/DEBIAN
	$(GO) build $(BUILDVCS) -trimpath -buildmode=pie -ldflags='-s -w -linkmode=external -extldflags "-Wl,-z,relro,-z,now"' -o build/deb/downradar .
	$(MAKE) --no-print-directory install-files BIN=build/deb/downradar PREFIX=/usr DESTDIR=$(CURDIR)/build/deb/root
	install -Dm644 assets/debian/copyright build/deb/root/usr/share/doc/downradar/copyright
	install -Dm644 assets/debian/lintian-overrides build/deb/root/usr/share/lintian/overrides/downradar
	gzip -9n < assets/debian/changelog > build/deb/root/usr/share/doc/downradar/changelog.Debian.gz
	chmod 644 build/deb/root/usr/share/doc/downradar/changelog.Debian.gz
	mkdir -p build/deb/debian && printf 'Source: downradar\n\nPackage: downradar\nArchitecture: any\n' > build/deb/debian/control
	cd build/deb && shlibs=$$(dpkg-shlibdeps -O root/usr/bin/downradar | sed -n 's/^shlibs:Depends=//p') && \
	size=$$(du -sk --exclude=DEBIAN root | cut -f1) && \
	sed -e 's/@VERSION@/$(DEB_VERSION)/' -e 's/@ARCH@/$(DEB_ARCH)/' -e "s/@SIZE@/$$size/" -e "s/@SHLIBS@/$$shlibs/" \
		../../assets/debian/control.in > root/DEBIAN/control
	dpkg-deb --root-owner-group --build build/deb/root $(DEB)
	lintian --fail-on error,warning $(DEB)
	@echo "make deb: $(DEB)"

# What `make windows` needs from Debian/Ubuntu: the MinGW-w64 cross-compiler
# (cgo: Fyne's GL and GLFW, SQLite). WINRES embeds the icon and version
# (a .syso, made by go-winres from the module proxy).
APT_WINDOWS := gcc-mingw-w64-x86-64
WINDOWS_ENV := CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc
WINRES      := github.com/tc-hib/go-winres@v0.3.3
WIN_VERSION  = $(shell sed -n 's/^Version = "\(.*\)"$$/\1/p' FyneApp.toml)

.PHONY: windows vet-windows
## windows: build/downradar.exe (a GUI program: no console window) and
## build/downradar.com (the same, as a console program, which shells find
## first: the commands print), cross-built for Windows (amd64) with
## MinGW-w64, icon and version embedded (docs/windows.md)
windows:
	@$(MAKE) --no-print-directory apt PKGS="$(APT_BUILD) $(APT_WINDOWS)"
	rm -rf build/winres && mkdir -p build/winres
	$(GO) run $(WINRES) simply --arch amd64 --out build/winres/rsrc --manifest gui \
		--icon assets/hicolor/256x256/apps/$(APPID).png --product-name DownRadar \
		--file-description DownRadar --original-filename downradar.exe \
		--product-version $(WIN_VERSION).0 --file-version $(WIN_VERSION).0
	cp build/winres/rsrc_windows_amd64.syso rsrc_windows_amd64.syso
	$(WINDOWS_ENV) $(GO) build $(BUILDVCS) -trimpath -ldflags=-H=windowsgui -o build/downradar.exe . && \
		$(WINDOWS_ENV) $(GO) build $(BUILDVCS) -trimpath -o build/downradar.com . ; \
		status=$$?; rm -f rsrc_windows_amd64.syso; exit $$status
	@echo "make windows: build/downradar.exe (GUI, $$(du -h build/downradar.exe | cut -f1)) and build/downradar.com (console)"

# Not vetted for Windows: app/internal/netlab, the Linux network lab
# (namespaces, nftables; nothing else imports it), and checker/engine, whose
# bench_test.go reads getrusage(2) (to split as app/metrics's cputime
# files do). Their code that goes into the exe is compiled by `make windows`.
WINDOWS_VET_SKIP := /app/internal/netlab /checker/engine

## vet-windows: go vet of the packages (and their tests) as built for
## Windows, but those of WINDOWS_VET_SKIP
vet-windows:
	@$(MAKE) --no-print-directory apt PKGS="$(APT_BUILD) $(APT_WINDOWS)"
	$(WINDOWS_ENV) $(GO) vet $$($(GO) list ./... | grep -v $(foreach p,$(WINDOWS_VET_SKIP),-e '$(p)$$'))

## vet-darwin: go vet, as built for macOS, of every package that builds
## without cgo (no macOS SDK here): those that need neither SQLite
## (go-sqlite3) nor Fyne and its tray (docs/windows.md, "macOS")
vet-darwin:
	GOOS=darwin GOARCH=arm64 CGO_ENABLED=0 $(GO) vet $$(GOOS=darwin GOARCH=arm64 CGO_ENABLED=0 $(GO) list -e \
		-f '{{.ImportPath}} {{join .Deps " "}}' ./... | grep -v -e 'mattn/go-sqlite3' -e 'fyne.io/' | cut -d' ' -f1)

## vet: static checks
vet: deps
	$(GO) vet -tags ci ./...
	$(GO) vet -tags 'e2e screenshots' ./app/e2e/

# staticcheck, pinned; installed into build/tools from the Go module proxy.
STATICCHECK_VERSION := v0.8.2
STATICCHECK := build/tools/staticcheck

$(STATICCHECK):
	GOBIN=$(CURDIR)/build/tools $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

## lint: staticcheck (checks in staticcheck.conf) over every package, as
## the unit tests and the end-to-end tests build them
.PHONY: lint
lint: deps $(STATICCHECK)
	$(STATICCHECK) -tags ci ./...
	$(STATICCHECK) -tags e2e ./app/e2e/

fmt:
	gofmt -w .

clean:
	rm -f $(BIN)
	rm -rf build
	$(GO) clean -testcache
