// Compile-only check: authlete.h is clean C++11 (extern "C", no C-only constructs).
#include <authlete.h>

extern "C" int authlete_header_cxx_check() { return AUTHLETE_OK + static_cast<int>(sizeof(authlete_log_level)); }
