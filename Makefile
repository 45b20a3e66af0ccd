# text2media: the two commands are `make run` and `make test`. Nothing needs installing by hand: this file finds a
# JDK 21 or newer by itself (JAVA_HOME if new enough, else the system's JVM folder) and Maven fetches the rest.

SHELL := /bin/bash
JDK := $(shell scripts/find-jdk.sh)
ifeq ($(strip $(JDK)),)
$(error No JDK 21 or newer found. Install one (e.g. 'apt install openjdk-21-jdk' or Temurin 21/25 from adoptium.net) or point JAVA_HOME at it)
endif
export JAVA_HOME := $(JDK)
export PATH := $(JDK)/bin:$(PATH)

MVN ?= mvn
MVN_FLAGS ?= -B -ntp
FUNCTIONS := auth image audio prompt feedback health
FN ?=
PORT ?= 8080

.PHONY: help run test lint package run-fn check-fn aot clean jdk bench

help:
	@echo "make run            the whole bundle on :$(PORT) with embedded H2 (PROFILE=dev)"
	@echo "make test           every test and the lint (CI=true makes the PostgreSQL tests mandatory)"
	@echo "make lint           Checkstyle and SpotBugs only; a finding fails"
	@echo "make package        build every function's jar (functions/<name>/target/<name>.jar + libs/)"
	@echo "make run-fn FN=x    one function alone ($(FUNCTIONS)), with its AOT cache if built"
	@echo "make aot FN=x       train that function's JDK 25 AOT cache (faster start, smaller idle memory)"
	@echo "make bench          the speed and memory benchmarks (BENCH=<name> for one); results in bench/results/"
	@echo "make clean          remove build output (keeps ./data)"

jdk:
	@echo "JAVA_HOME=$(JAVA_HOME)"; java -version

package:
	$(MVN) $(MVN_FLAGS) -q -DskipTests package

# Rebuilt only when a main source, resource or pom changed: a second `make run` starts in seconds.
SOURCES := $(shell find shared/src/main functions/*/src/main -type f 2>/dev/null) pom.xml $(wildcard */pom.xml functions/*/pom.xml)

functions/bundle/target/bundle.jar: $(SOURCES)
	$(MVN) $(MVN_FLAGS) -q -DskipTests package
	@touch $@

run: functions/bundle/target/bundle.jar
	PROFILE=$${PROFILE:-dev} PORT=$(PORT) java -jar functions/bundle/target/bundle.jar

check-fn:
	@test -n "$(FN)" || { echo "usage: make $(MAKECMDGOALS) FN=<$(FUNCTIONS)>"; exit 2; }
	@echo " $(FUNCTIONS) " | grep -q " $(FN) " || { echo "unknown function '$(FN)'; one of: $(FUNCTIONS)"; exit 2; }

# One function alone, as its release runs: production JVM flags, and its AOT cache when `make aot` made one.
run-fn: check-fn
	$(MVN) $(MVN_FLAGS) -q -DskipTests -pl functions/$(FN) -am package
	PROFILE=$${PROFILE:-dev} PORT=$(PORT) scripts/run-function.sh $(FN)

# The function's JDK 25 AOT cache (functions/<fn>/target/<fn>.aot), trained on that function; retrained only when
# the JDK, infra/jvm.options or a jar changed since (scripts/aot-train.sh --if-stale).
aot: check-fn
	$(MVN) $(MVN_FLAGS) -q -DskipTests -pl functions/$(FN) -am package
	scripts/aot-train.sh --if-stale functions/$(FN)/target/$(FN).jar functions/$(FN)/target/$(FN).aot $(FN)

# Checkstyle (build/checkstyle.xml) and SpotBugs (build/spotbugs-exclude.xml): a finding fails. make test runs them too.
lint:
	$(MVN) $(MVN_FLAGS) -q -DskipTests verify

# Test output goes to target/*-reports; the reason PostgreSQL tests were skipped is repeated here so it is seen.
test:
	@stamp=$$(mktemp); $(MVN) $(MVN_FLAGS) verify; status=$$?; \
	find shared/target functions/*/target -name '*-output.txt' -newer "$$stamp" -exec grep -h '^SKIPPED PostgreSQL tests' {} + \
	  2>/dev/null | sort -u; rm -f "$$stamp"; exit $$status

BENCH ?=
bench:
	$(MVN) $(MVN_FLAGS) -q -P bench -DskipTests package
	java -Xmx2g -cp bench/target/bench.jar io.text2media.bench.BenchMain $(BENCH)

clean:
	$(MVN) $(MVN_FLAGS) -q -P bench clean
