# Conveyor: one entry point for the local stack, the services and the tests.
# Every variable of stack/env.sh can be given here: `make up KAFKA_NODES=3` (make passes command-line
# variables to the scripts' environment; nothing is exported empty).
SHELL := /bin/bash
export PATH := $(CURDIR)/.stack/node/bin:$(PATH)

.PHONY: up down clean status logs install test test-unit typecheck load faults

up: ## install what is missing, start the stack and the services
	@bash stack/up.sh

down: ## stop everything gracefully, keep the data
	@bash stack/down.sh

clean: down ## stop everything and wipe .stack/ (data, logs, downloads)
	@rm -rf .stack
	@echo "removed .stack/"

status: ## what runs where
	@bash stack/status.sh

logs: ## make logs [C=component]
	@bash stack/logs.sh $(C)

install: ## only install what is missing
	@bash stack/install.sh

typecheck:
	@npx tsc --noEmit -p tsconfig.json

test-unit:
	@node --test --test-concurrency=1 'test/unit/**/*.test.ts'

load: ## open-model load run with end-to-end accounting: make load ARGS="--profile seed"
	@node src/loadgen/cli.ts $(ARGS)

faults: ## fault suite on the running stack: make faults ARGS="--suite full" (see test/faults/cli.ts)
	@node test/faults/cli.ts $(ARGS)

test: ## start what is needed, then run every test against the real components
	@bash test/run.sh
