# Regression metrics overall and per segment, to 1e-9 of scikit-learn.
C="python3 $ROOT/tests/cli/metrics/compare.py"
mlgate metrics "$FIXTURES/metrics/regression.csv" --task regression --label y --prediction yhat \
	--by segment -o r.json || exit
$C r.json /regression mae=mae mse=mse rmse=rmse r2=r2 mape=mape || exit
for g in s1 s2; do
	$C r.json /regression/by_group/$g by/segment/$g/n=n by/segment/$g/mae=mae \
		by/segment/$g/rmse=rmse by/segment/$g/r2=r2 by/segment/$g/mape=mape || exit
done
