/*
 * job.h - one job of a batch (job.c), shared by the batch runner
 * (experiment.c): a unit's replication run into a bb_job_output.
 */
#ifndef BB_JOB_H
#define BB_JOB_H

#include "bbsim.h"

/* For BB_KEEP_TEXT with ts_cols: per output column the unit's own period
 * column, or -1 (malloc'ed, b->nts_cols entries; NULL when there is no
 * mapping: the unit's own columns). *oom is set when it cannot be made. */
int *bb_job_colmap(const bb_batch *b, int unit, int *oom);
/* Run replication `rep` of unit `unit` into `out` (cleared first), with
 * the column map of bb_job_colmap. */
void bb_job_exec(const bb_batch *b, const int *colmap, int unit, int rep, bb_job_output *out);

#endif
