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

.PHONY: all deps build run test bench vet fmt clean

all: build

## deps: install the missing Debian/Ubuntu packages the build needs
deps:
	@command -v $(GO) >/dev/null || { echo "make: Go 1.26 or newer is needed (https://go.dev/dl/)"; exit 1; }
	@missing=""; for p in $(APT_BUILD); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		sudo=""; [ "$$(id -u)" -eq 0 ] || sudo="sudo"; \
		echo "make: installing$$missing"; \
		$$sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -q --no-install-recommends $$missing; \
	fi

## build: the downradar binary (agent, CLI and window in one)
build: deps
	$(GO) build -o $(BIN) .

## run: start the agent with your config (or the built-in services)
run: build
	./$(BIN)

## test: every test, with the race detector; Fyne runs headless (-tags ci)
test: deps
	$(GO) vet -tags ci ./...
	$(GO) test -race -tags ci -count=1 ./...

## bench: the benchmarks whose figures the README quotes
bench: deps
	$(GO) test -tags ci -run '^$$' -bench . -benchmem ./...

## vet: static checks
vet: deps
	$(GO) vet -tags ci ./...

fmt:
	gofmt -w .

clean:
	rm -f $(BIN)
	$(GO) clean -testcache
