#!/bin/sh
# Links runtime/tests/glue/glue_mod.c with the kiln runtime into a CPython
# extension module, using the same recipe the compiler's link step uses:
#
#   cc -O2 -fPIC -shared -o <mod><EXT_SUFFIX> <objects> libkiln_runtime.a \
#      -Wl,--version-script=<exports only PyInit_<mod>> -Wl,--gc-sections \
#      <native static libs>
#
# The native static libraries are what
#   cargo rustc -p kiln-runtime --release --crate-type staticlib -- --print native-static-libs
# reports (Rust 1.95, x86_64 Linux, glibc).
#
# Usage: build_glue.sh OUT_DIR MODULE_NAME EXT_SUFFIX [EXTRA_CC_FLAGS...]
# The runtime library is $KILN_RUNTIME_LIB, or target/release/libkiln_runtime.a.
set -eu

out_dir=$1
mod=$2
ext_suffix=$3
shift 3

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
runtime_lib=${KILN_RUNTIME_LIB:-$repo/target/release/libkiln_runtime.a}
native_libs="-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc"

mkdir -p "$out_dir"
# Exporting only PyInit_<mod> keeps each module's copy of the runtime private:
# two kiln modules in one process must never bind to each other's symbols.
version_script="$out_dir/$mod.exports"
printf '{\n  global: PyInit_%s;\n  local: *;\n};\n' "$mod" > "$version_script"

${CC:-cc} -O2 -fPIC -shared -DMODNAME="$mod" "$@" \
    -o "$out_dir/$mod$ext_suffix" "$here/glue_mod.c" "$runtime_lib" \
    -Wl,--version-script="$version_script" -Wl,--gc-sections $native_libs
