/* compiler.h -- compiler attributes used throughout the tree.
 *
 * Kept in one place so that the rest of the code reads as plain C and the
 * GNU extensions we rely on (C11 + GNU, gcc or clang) are easy to find. */
#ifndef COMPILER_H
#define COMPILER_H 1

#define OVS_UNUSED __attribute__((__unused__))
#define OVS_NO_RETURN __attribute__((__noreturn__))
#define OVS_PRINTF_FORMAT(FMT, ARG1) \
    __attribute__((__format__(printf, FMT, ARG1)))
#define OVS_WARN_UNUSED_RESULT __attribute__((__warn_unused_result__))
#define OVS_LIKELY(CONDITION) __builtin_expect(!!(CONDITION), 1)
#define OVS_UNLIKELY(CONDITION) __builtin_expect(!!(CONDITION), 0)
#define OVS_PACKED(DECL) DECL __attribute__((__packed__))

/* Runs FUNCTION before main().  Used by modules that register themselves
 * (log modules, coverage counters, unit tests) so that no central list has
 * to be kept in sync by hand. */
#define OVS_CONSTRUCTOR(FUNCTION)                               \
    static void FUNCTION(void) __attribute__((__constructor__)); \
    static void FUNCTION(void)

#define OVS_JOIN__(A, B) A##B
#define OVS_JOIN(A, B) OVS_JOIN__(A, B)

#endif /* compiler.h */
