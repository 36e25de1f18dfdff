#!/usr/bin/env python3
"""Print the hostile-case table of doc/hardening.md from tests/cli/hostile/ (run from the repository root)."""
import os,glob,re
desc_fallback = {
 'csv_duplicate_columns':'two columns with the same name','csv_empty':'an empty CSV file','csv_long_field':'one 17 MiB field',
 'csv_too_many_columns':'70,000 columns','csv_nul_byte':'a NUL byte in a cell','csv_ragged_row':'a row with an extra field',
 'csv_truncated_gzip':'a .csv.gz cut short','csv_unterminated_quote':'a quote that never closes','csv_utf16':'a UTF-16 export (BOM, NUL bytes)',
 'metrics_bool':'`{"f1": true}`','metrics_container':'`{"f1": {"value": 0.9}}`','metrics_deep_json':'100,000 nested `[`',
 'metrics_deep_object':'5,000 nested objects','metrics_directory':'the metrics path is a directory','metrics_duplicate_key':'`{"f1": 0.1, "f1": 0.9}`',
 'metrics_empty':'an empty file','metrics_huge_number':'`{"f1": 1e999}`','metrics_invalid_utf8_value':'a string metric with invalid UTF-8 cut at the message limit',
 'metrics_missing':'no metrics file','metrics_nan':'`{"f1": NaN}` (Python json.dump)','metrics_negative_huge':'`{"f1": -1e400}`',
 'metrics_nul_byte':'a raw NUL byte','metrics_null':'`{"f1": null}`','metrics_string_number':'`{"f1": "0.99"}`',
 'metrics_too_big':'a 70 MB file','metrics_top_array':'`[0.9]`','metrics_trailing_garbage':'two JSON documents in one file',
 'metrics_truncated':'JSON cut off mid-array','metrics_whitespace':'only whitespace','metrics_yaml_alias':'a YAML metrics file with an alias',
 'metrics_yaml_deep':'1,000 nested YAML lists','metrics_yaml_nan':'`f1: .nan` (YAML)','metrics_yaml_quoted':'`f1: "0.9"` (YAML)',
 'policy_complex_key':'a list as a mapping key (`? [model]`)','policy_directory':'the policy path is a directory','policy_empty':'an empty policy',
 'policy_huge_threshold':'`min: 1e999`','policy_invalid_utf8':'invalid UTF-8 in a key','policy_is_list':'a policy that is a list',
 'policy_is_null':'a policy that is `~`','policy_is_scalar':'a policy that is a plain string','policy_many_waivers':'10,001 waivers',
 'policy_missing':'no policy file','policy_nan_threshold':'`max: .nan`, `min: -.inf`','policy_no_gates':'`version: 1` and a name, nothing else',
 'policy_nul_byte':'a raw NUL byte in the file','policy_only_comments':'only comments and blank lines','policy_tab_indent':'a tab used for indentation',
 'policy_two_documents':'two YAML documents (`---`)','policy_unset_env':'`${MLGATE_HOSTILE_UNSET}` unset, no default',
}
rows=[]
for f in sorted(glob.glob('tests/cli/hostile/*.sh')):
    name=os.path.basename(f)[:-3]
    lines=[]
    for l in open(f):
        if 'shellcheck' in l or l.startswith('. ') or 'the report exists' in l: continue
        if l.startswith('#'): lines.append(l[1:].strip()); continue
        break
    d=' '.join(lines).rstrip('.') if lines else desc_fallback.get(name,'?')
    if d.startswith('A frozen reference profile'):
        d='frozen profile '+d.split(')',1)[1].strip()
    code=open(f+'.exit').read().strip() if os.path.exists(f+'.exit') else '0'
    msg=''
    if os.path.exists(f+'.stderr.contains'):
        msg=open(f+'.stderr.contains').read().splitlines()[0]
        msg=re.sub(r'^mlgate: ','',msg)
    report = ' (report says error)' if 'out.json' in open(f).read() and name.startswith('metrics') else ''
    if code=='0':
        beh='exit 0: '+ ('distinct marked approximate, categories truncated' if 'categories' in name else 'read correctly')
    else:
        beh='exit %s: `%s`%s'%(code, msg.replace('|','\\|'), report)
    rows.append('| %s | %s | %s | `hostile/%s` |'%(name.replace('_',' '), d.replace('|','\\|'), beh, name))
print('\n'.join(rows))
