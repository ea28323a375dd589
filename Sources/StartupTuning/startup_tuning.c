#include "startup_tuning.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/resource.h>

#if defined(__linux__)
#include <fcntl.h>
#include <unistd.h>
#endif

#define TUNABLE "glibc.malloc.hugetlb"

int tracker_huge_page_tunables(const char *command, const char *current, const char *kernel_setting, long incidents,
                               char *out, size_t size) {
    if (command == NULL || kernel_setting == NULL) return 0;
    if (strcmp(command, "build") != 0 && strcmp(command, "check") != 0 && strcmp(command, "publish") != 0) return 0;
    if (strstr(kernel_setting, "[madvise]") == NULL) return 0;
    if (current != NULL && strstr(current, TUNABLE) != NULL) return 0;
    if (incidents < TRACKER_HUGE_PAGE_INCIDENTS) return 0;
    int written = current != NULL && current[0] != '\0' ? snprintf(out, size, "%s:" TUNABLE "=1", current)
                                                        : snprintf(out, size, TUNABLE "=1");
    return written > 0 && (size_t)written < size;
}

long tracker_count_entries(const char *path, long limit) {
    DIR *folder = opendir(path);
    if (folder == NULL) return 0;
    long count = 0;
    struct dirent *entry;
    while (count < limit && (entry = readdir(folder)) != NULL) {
        if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) continue;
        count += 1;
    }
    closedir(folder);
    return count;
}

const char *tracker_site_argument(int argc, char **argv) {
    const char *site = ".";
    for (int index = 1; index < argc && argv[index] != NULL; index++) {
        const char *argument = argv[index];
        if (strcmp(argument, "--") == 0) break;
        if (strcmp(argument, "--site") == 0) {
            if (index + 1 < argc && argv[index + 1] != NULL) site = argv[++index];
        } else if (strncmp(argument, "--site=", 7) == 0) {
            site = argument + 7;
        }
    }
    return site;
}

#if defined(__linux__)
/// Runs the same command again, in place of this process (same pid, arguments and descriptors), where
/// `tracker_huge_page_tunables` says so; carries on as it is when it does not, or when that fails.
/// glibc hands constructors the program's arguments.
__attribute__((constructor)) static void tracker_run_with_huge_pages(int argc, char **argv, char **envp) {
    (void)envp;
    if (argc < 2 || argv == NULL || argv[1] == NULL) return;
    const char *current = getenv("GLIBC_TUNABLES");
    char tunables[4096];
    // The cheap questions first: most runs stop at one of them.
    if (!tracker_huge_page_tunables(argv[1], current, "[madvise]", TRACKER_HUGE_PAGE_INCIDENTS, tunables, sizeof tunables)) return;
    char setting[256];
    int descriptor = open("/sys/kernel/mm/transparent_hugepage/enabled", O_RDONLY | O_CLOEXEC);
    if (descriptor < 0) return;
    ssize_t length = read(descriptor, setting, sizeof setting - 1);
    close(descriptor);
    if (length <= 0) return;
    setting[length] = '\0';
    char incidents[4096];
    int written = snprintf(incidents, sizeof incidents, "%s/content/incidents", tracker_site_argument(argc, argv));
    if (written <= 0 || (size_t)written >= sizeof incidents) return;
    long count = tracker_count_entries(incidents, TRACKER_HUGE_PAGE_INCIDENTS);
    if (!tracker_huge_page_tunables(argv[1], current, setting, count, tunables, sizeof tunables)) return;
    char *previous = current != NULL ? strdup(current) : NULL;
    if (current != NULL && previous == NULL) return;
    if (setenv("GLIBC_TUNABLES", tunables, 1) != 0) {
        free(previous);
        return;
    }
    // Started by the binary's own path, so the process keeps its name ("tracker" in `ps`, `top` and
    // `pkill`): the kernel names a process after the file it runs, and /proc/self/exe would make it "exe".
    // That link's target is the running binary; when it cannot be run (replaced since), the link itself is.
    char binary[4096];
    ssize_t binaryLength = readlink("/proc/self/exe", binary, sizeof binary - 1);
    if (binaryLength > 0 && (size_t)binaryLength < sizeof binary - 1) {
        binary[binaryLength] = '\0';
        execv(binary, argv);
    }
    execv("/proc/self/exe", argv);
    // Still here: the process goes on without them.
    if (previous != NULL) setenv("GLIBC_TUNABLES", previous, 1); else unsetenv("GLIBC_TUNABLES");
    free(previous);
}
#endif

long tracker_raise_open_file_limit(void) {
    struct rlimit limit;
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return -1;
    if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < limit.rlim_max) {
        struct rlimit raised = limit;
        // No system takes an unlimited count of open files: a hard limit of "unlimited" is capped.
        raised.rlim_cur = limit.rlim_max == RLIM_INFINITY ? 65536 : limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
    }
    return limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur > LONG_MAX ? LONG_MAX : (long)limit.rlim_cur;
}

__attribute__((constructor)) static void tracker_open_files(void) { (void)tracker_raise_open_file_limit(); }
