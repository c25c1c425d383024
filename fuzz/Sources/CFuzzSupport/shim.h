#include <stddef.h>
#include <stdint.h>
#include <libxml/parser.h>

/* libFuzzer's driver (in libclang_rt.fuzzer, linked by -sanitize=fuzzer). SwiftPM makes an
   executable's entry point <Module>_main; each target defines it and hands over to this. */
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
