#include <spawn.h>
/* glibc >= 2.29 exports this, but only declares it under _GNU_SOURCE, which Swift's Glibc module does not set. */
extern int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *__restrict actions, const char *__restrict path);
