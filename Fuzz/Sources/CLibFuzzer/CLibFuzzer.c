// Declarations only: libFuzzer itself comes from the toolchain's libclang_rt.fuzzer_no_main.
#include "CLibFuzzer.h"
