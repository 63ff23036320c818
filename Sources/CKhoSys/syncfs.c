#define _GNU_SOURCE
#include <unistd.h>
#include "CKhoSys.h"

int kho_syncfs(int fd) { return syncfs(fd); }
