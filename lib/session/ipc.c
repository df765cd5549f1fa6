/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include "session/ipc.h"

/* semctl() wants this from the caller (SUSv3). */
union semun {
        int val;
        struct semid_ds *buf;
        unsigned short *array;
        struct seminfo *__buf;
};

static int remove_shm(void) {
        struct shm_info info;
        struct shmid_ds ds;
        int n = 0, max;

        max = shmctl(0, SHM_INFO, (struct shmid_ds *) &info);
        for (int i = 0; max >= 0 && i <= max; i++) {
                int id = shmctl(i, SHM_STAT, &ds);
                if (id >= 0 && shmctl(id, IPC_RMID, NULL) == 0)
                        n++;
        }
        return max < 0 ? negative_errno() : n;
}

static int remove_sem(void) {
        struct seminfo info;
        struct semid_ds ds;
        int n = 0, max;

        max = semctl(0, 0, SEM_INFO, (union semun){.__buf = &info});
        for (int i = 0; max >= 0 && i <= max; i++) {
                int id = semctl(i, 0, SEM_STAT, (union semun){.buf = &ds});
                if (id >= 0 && semctl(id, 0, IPC_RMID) == 0)
                        n++;
        }
        return max < 0 ? negative_errno() : n;
}

static int remove_msg(void) {
        struct msginfo info;
        struct msqid_ds ds;
        int n = 0, max;

        max = msgctl(0, MSG_INFO, (struct msqid_ds *) &info);
        for (int i = 0; max >= 0 && i <= max; i++) {
                int id = msgctl(i, MSG_STAT, &ds);
                if (id >= 0 && msgctl(id, IPC_RMID, NULL) == 0)
                        n++;
        }
        return max < 0 ? negative_errno() : n;
}

int ipc_remove_all(ns_error *err) {
        static const struct {
                const char *what;
                int (*remove)(void);
        } kinds[] = {
                {"shared memory segments", remove_shm},
                {"semaphore sets", remove_sem},
                {"message queues", remove_msg},
        };
        int total = 0;

        for (size_t i = 0; i < ELEMENTSOF(kinds); i++) {
                int r = kinds[i].remove();
                if (r < 0)
                        return ns_error_set_errno(err, r, "remove SysV IPC %s", kinds[i].what);
                total += r;
        }
        return total;
}
