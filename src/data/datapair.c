#include "data/datapair.h"

#include <pthread.h>
#include <string.h>

struct job {
	struct data_side *s;
	const struct csv_options *opts;
	int delimiter_set;
	int threads; /* profile_options.threads: 1 while the other file is read too */
	struct colstats_budget *budget; /* shared by both files */
};

static void *read_side(void *arg)
{
	struct job *j = arg;
	struct data_side *s = j->s;
	struct csv_options o = *j->opts;
	struct profile_options po;

	memset(&s->prof, 0, sizeof(s->prof));
	memset(&s->err, 0, sizeof(s->err));
	if (s->reference && profile_path_is_json(s->path)) {
		s->ok = profile_load_json(s->path, &s->prof, &s->err) == 0;
		return NULL;
	}
	o.delimiter_set = j->delimiter_set;
	csv_options_for_path(&o, s->path);
	profile_options_init(&po);
	po.keep_values = s->keep_values;
	po.threads = j->threads;
	po.budget = j->budget;
	s->ok = profile_dataset(s->path, s->confine, &o, &po, &s->prof, &s->files,
				&s->err) == 0;
	return NULL;
}

void data_read_pair(struct data_side *cur, struct data_side *ref,
		    const struct csv_options *opts, int delimiter_set)
{
	struct colstats_budget budget;
	struct job jc = {cur, opts, delimiter_set, 0, &budget},
		   jr = {ref, opts, delimiter_set, 0, &budget};
	pthread_t t;
	int threaded = 0;

	cur->ok = ref->ok = 0;
	if (profile_budget_init(&budget, &cur->err)) {
		ref->err = cur->err;
		return;
	}
	/* two files: the reference on its own thread (profile_csv may split
	 * a large file across threads as well) */
	if (ref->path && strcmp(ref->path, "-") != 0 && strcmp(cur->path, "-") != 0 &&
	    !(ref->reference && profile_path_is_json(ref->path))) {
		/* one thread per file: splitting each file as well would put
		 * four threads on the two cores this is sized for */
		jc.threads = jr.threads = 1;
		threaded = pthread_create(&t, NULL, read_side, &jr) == 0;
		if (!threaded)
			jc.threads = jr.threads = 0;
	}
	read_side(&jc);
	if (threaded)
		pthread_join(t, NULL);
	else if (ref->path)
		read_side(&jr);
}

void data_side_release(struct data_side *s)
{
	if (s->ok)
		profile_release(&s->prof);
	fileset_release(&s->files);
	s->ok = 0;
}
