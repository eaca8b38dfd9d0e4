#!/usr/bin/env bash
# Sourced by bench scripts (bench/cnn.sh, bench/cnn_accuracy.sh, bench/cnn-run-cpu.sh, bench/cnn-step.sh,
# bench/startup.sh); not run on its own. Sets home (the project), anchors (ANCHORS, the PyTorch
# scripts of ../shared/anchors), datasets (DATASETS, the IDX sets of ../shared/datasets) and
# cnn_layers (issue 17's CNN), and gives the checks of the scripts' arguments (each says what is
# wrong in one line and exits 2) and the settings per data set and optimiser.
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
anchors="${ANCHORS:-$home/../shared/anchors}"
datasets="${DATASETS:-$home/../shared/datasets}"
# The classic MNIST CNN of ../shared/anchors/train_torch_cnn.py, as actorgrad's exact spec.
cnn_layers="conv:32:3x3:relu,maxpool:2x2,conv:64:3x3:relu,maxpool:2x2,128:relu,10:softmax"

# require_positive NAME VALUE: VALUE is a positive integer.
require_positive() {
  [[ "$2" =~ ^[1-9][0-9]*$ ]] || { echo "error: $1 must be a positive integer, found '$2'" >&2; exit 2; }
}

# require_sets SET...: each is mnist (the 10k training digits) or fashion (Fashion-MNIST, 60k).
require_sets() {
  local s
  for s in "$@"; do
    case "$s" in mnist|fashion) ;; *) echo "error: unknown set '$s' (expected mnist or fashion)" >&2; exit 2 ;; esac
  done
}

# require_optimizers OPTIMIZER...: each is sgd (lr 0.1) or adam (lr 0.001).
require_optimizers() {
  local o
  for o in "$@"; do
    case "$o" in sgd|adam) ;; *) echo "error: unknown optimizer '$o' (expected sgd or adam)" >&2; exit 2 ;; esac
  done
}

# The learning rate of an optimizer, and the IDX folder and --dataset name of a set.
lr_of() { [ "$1" = adam ] && echo 0.001 || echo 0.1; }
data_dir() { [ "$1" = fashion ] && echo "$datasets/fashion-mnist" || echo "$datasets/mnist"; }
data_name() { [ "$1" = fashion ] && echo fashion-mnist || echo mnist; }

# Builds target/trainer.jar once, before anything is timed (and before several launchers start).
build_trainer() { "$home/trainer" --version > /dev/null; }

# run_test_class CLASS ARG...: a benchmark class of src/test (bench/cnn-run-cpu.sh, bench/cnn-step.sh)
# on the test classpath, built first; JAVA_OPTS and ACTORGRAD_KERNEL pass through, and the incubator
# module's warning line is dropped.
run_test_class() {
  local class=$1
  shift
  (cd "$home" && ./mvnw -B -q test-compile \
    && ./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null)
  (cd "$home" && java ${JAVA_OPTS:-} --add-modules jdk.incubator.vector ${ACTORGRAD_KERNEL:+-Dactorgrad.kernel=$ACTORGRAD_KERNEL} \
    -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" "$class" "$@" 2>&1) \
    | grep -v 'incubator modules'
}
