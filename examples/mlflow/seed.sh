#!/usr/bin/env bash
# Log one training run to an MLflow tracking server through its REST API --
# metrics and a model artifact, as mlflow.log_metrics() and
# mlflow.sklearn.log_model() would -- with nothing but curl.
#
#   MLFLOW_TRACKING_URI=http://127.0.0.1:5000 ./seed.sh F1 ROC_AUC [EXPERIMENT]
#
# Prints the run id.  The experiment (default: churn) is created when absent.
set -euo pipefail
: "${MLFLOW_TRACKING_URI:?set MLFLOW_TRACKING_URI to the tracking server}"
f1=${1:?usage: seed.sh F1 ROC_AUC [EXPERIMENT]}
auc=${2:?usage: seed.sh F1 ROC_AUC [EXPERIMENT]}
experiment=${3:-churn}
api="${MLFLOW_TRACKING_URI%/}/api/2.0/mlflow"

post() { # post ENDPOINT JSON: the answer on stdout, a non-2xx fails
	curl -sS --fail-with-body -X POST -H 'Content-Type: application/json' "$api/$1" -d "$2"
}
field() { # field NAME: the first "NAME": "value" of the JSON on stdin
	sed -n "s/.*\"$1\": *\"\([^\"]*\)\".*/\1/p" | head -n 1
}

exp_id=$(curl -sS "$api/experiments/get-by-name?experiment_name=$experiment" | field experiment_id)
if [ -z "$exp_id" ]; then
	exp_id=$(post experiments/create "{\"name\": \"$experiment\"}" | field experiment_id)
fi
now=$(($(date +%s) * 1000))
run=$(post runs/create "{\"experiment_id\": \"$exp_id\", \"start_time\": $now}")
run_id=$(printf '%s\n' "$run" | field run_id)
artifacts=$(printf '%s\n' "$run" | field artifact_uri)
post runs/log-batch "{\"run_id\": \"$run_id\", \"metrics\": [
  {\"key\": \"f1_score\", \"value\": $f1, \"timestamp\": $now, \"step\": 0},
  {\"key\": \"roc_auc\", \"value\": $auc, \"timestamp\": $now, \"step\": 0}]}" > /dev/null

# The model: an MLmodel file and the pickled estimator, under the run's
# artifacts/model.  A server started with --serve-artifacts takes them at
# /api/2.0/mlflow-artifacts/artifacts/<path after mlflow-artifacts:/>.
case $artifacts in
mlflow-artifacts:/*) store="${MLFLOW_TRACKING_URI%/}/api/2.0/mlflow-artifacts/artifacts/${artifacts#mlflow-artifacts:/}" ;;
*) echo "seed.sh: the server keeps artifacts at $artifacts; upload the model there yourself" >&2; exit 1 ;;
esac
printf 'artifact_path: model\nflavors:\n  python_function:\n    loader_module: mlflow.sklearn\n    pickled_model: model.pkl\nrun_id: %s\n' \
	"$run_id" | curl -sS --fail-with-body -X PUT --data-binary @- "$store/model/MLmodel" > /dev/null
printf 'not a real estimator: the registry only stores it\n' |
	curl -sS --fail-with-body -X PUT --data-binary @- "$store/model/model.pkl" > /dev/null

post runs/update "{\"run_id\": \"$run_id\", \"status\": \"FINISHED\", \"end_time\": $(($(date +%s) * 1000))}" > /dev/null
echo "$run_id"
