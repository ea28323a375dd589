#ifndef TRACKER_STARTUP_TUNING_H
#define TRACKER_STARTUP_TUNING_H

#include <stddef.h>

/// Whether `tracker COMMAND` runs with glibc's allocator asking the kernel for huge pages
/// (`glibc.malloc.hugetlb=1`: `madvise(MADV_HUGEPAGE)` on the heap it grows). A build of a large site
/// holds hundreds of megabytes of small objects that its pages read in no particular order; on 4 KB
/// pages part of that time goes to address translation. glibc reads its tunables only when a process
/// starts, so the `tracker` executable runs itself again, in place, with the tunable set: from a
/// constructor, before `main`. The second start (mostly loading the shared libraries again) costs
/// about 9 ms, which only a large site wins back: a build of 100,000 incidents took 1–9% less time,
/// one of 10,000 the same.
///
/// Writes the `GLIBC_TUNABLES` to run `command` again with into `out` (`size` bytes) and returns 1, or
/// returns 0 to run it as it is: not for commands other than `build`, `check` and `publish` (the
/// preview's memory is measured while it stays up); not when the tunable is set already (also how a
/// user turns this off: `GLIBC_TUNABLES=glibc.malloc.hugetlb=0`); only when the kernel gives huge
/// pages to memory that asks (`kernel_setting` is the content of
/// /sys/kernel/mm/transparent_hugepage/enabled: with `[always]` every process has them anyway, with
/// `[never]`, or none, asking does nothing); and only for a site of at least
/// `TRACKER_HUGE_PAGE_INCIDENTS` incidents (`incidents`, counted up to that). 0 also when `out` is too small.
int tracker_huge_page_tunables(const char *command, const char *current, const char *kernel_setting, long incidents,
                               char *out, size_t size);

/// Sites with fewer incidents than this start once.
#define TRACKER_HUGE_PAGE_INCIDENTS 30000L

/// The entries of the folder `path` (`.` and `..` left out), counted up to `limit`; 0 when it cannot be read.
long tracker_count_entries(const char *path, long limit);

/// The site folder of a command's arguments: the value of the last `--site X` or `--site=X` before a
/// `--`, or "." (what `tracker`'s own parser makes of them). Points into `argv`.
const char *tracker_site_argument(int argc, char **argv);

/// Raises the soft limit on open files to the hard one, as a constructor does before `main` (Go's runtime
/// does the same): the build writes pages on every core, the preview holds sockets and a watch, and libdispatch
/// stops the process with SIGILL, no message, when it cannot open a descriptor for its own use. With
/// `ulimit -n 16` the example site's build did. Returns the limit now in force (LONG_MAX for none), -1 when it
/// cannot be read.
long tracker_raise_open_file_limit(void);

/// The fewest open files `tracker` runs with: below, it stops with an error before it starts (`ulimit -n`).
#define TRACKER_MINIMUM_OPEN_FILES 64L

#endif
