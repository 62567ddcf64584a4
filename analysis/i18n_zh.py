"""Chinese (Simplified) text of the report: English sentence -> Chinese (analysis/i18n.py).

Terms follow the field (model spec section 1): 一委三中心 (CM1), 居民夜话 (the night-talk forums),
双报到 / 在职党员 (in-service Party members), 大党委 (community Party committee with unit
members, co-building), 积分制 (volunteer points), 网格 (grids), 居委会 / 业委会 / 物业 /
社会组织 (the community's organisations). Statistical words: 方案 = arm, 基线 = baseline,
重复运行 = replicate, 主要指标 = headline outcome, 实质性阈值 m = materiality margin,
可忽略 = negligible, 漂移 = drift, 等成本方案 = cost-matched arm.
"""

ZH: dict[str, str] = {
    # ------------------------------------------------------------------ page, navigation
    "govsim report: {name} ({kind})": "govsim 报告：{name}（{kind}）",
    "compare": "方案比较", "sweep": "参数扫描", "run": "单一情景",
    "Summary": "概要", "Findings": "主要发现", "Scenario and provenance": "情景与来源",
    "Time series": "时间序列", "Final values": "最终值", "Countermeasures compared with {base}": "各项措施与{base}的比较",
    "Distributions": "分布", "Statistics and precision": "统计方法与精度",
    "Caveats: assumptions behind these results": "注意：这些结果背后的假设", "Not in this file": "文件中缺少的内容",
    "Tables": "数据表", "Sweep: responses and sensitivity": "参数扫描：响应与敏感性",
    "How sure is the ranking": "排序有多可靠",
    "Data": "数据", "Details": "详情", "empty": "空", "yes": "是", "no": "否",
    "{n} more rows in the CSV file.": "CSV 文件中还有 {n} 行。",
    "Partial results file: an interrupted job.": "结果文件不完整：运行曾被中断。",
    "This is a partial results file (complete = false): an interrupted job; some arms or replicates may be missing.":
        "这是不完整的结果文件（complete = false）：运行曾被中断，部分方案或重复运行可能缺失。",
    # provenance table
    "file": "文件", "kind": "类型", "name": "名称", "model": "模型", "govsim version": "govsim 版本",
    "seed": "随机种子", "replicates": "重复运行次数", "arms": "方案", "points": "参数点", "baseline": "基线",
    "steps": "步数（周）", "communities": "社区数", "common random numbers": "共同随机数",
    "yes (paired comparisons)": "是（配对比较）", "complete": "完整", "NO (partial file)": "否（不完整文件）",
    "created": "创建时间", "provenance": "来源", "0 (all cores)": "0（全部核心）",
    "Resolved {kind} file (YAML)": "完整解析后的{kind}文件（YAML）",
    "Arm {arm}: resolved scenario": "方案 {arm}：完整解析后的情景",
    "Contents: {s} series, {f} final values, {e} extras per run; {r} runs.":
        "内容：每次运行 {s} 条时间序列、{f} 个最终值、{e} 个附加数组；共 {r} 次运行。",
    "These inputs of the report are absent, so their views are left out:": "报告所需的下列输入不在文件中，相应内容略去：",
    "Nothing: every view of the report could be drawn.": "无：报告的所有内容均已生成。",
    "Every number shown above, as CSV (index:": "上文所示的每个数字均有 CSV 文件（索引：",
    "Load the raw data yourself:": "自行读取原始数据：",
    "week": "周", "step": "步",
    # ------------------------------------------------------------------ summary
    "In short: which countermeasure, how sure, at what cost": "概要：哪项措施、有多可靠、代价多大",
    "{k} arms against {base} ({what}) in {where} over {w} weeks, {r} replicates each; outcomes are the mean of the final window. Model results at the assumed parameter values: read the warnings and the caveats.":
        "{k} 个方案与 {base}（{what}）比较：{where}，模拟 {w} 周，每个方案重复运行 {r} 次；结果取末期窗口的均值。"
        "这些是模型在假设参数值下的结果，请阅读警示与注意事项。",
    "{k} arms against {base} ({what}) in {where} over {w} weeks, on {d} plausible parameter sets drawn from the calibration, {r} replicates each (common random numbers); outcomes are the mean of the final window, effects pooled over the sets. Model results: read the warnings and the caveats.":
        "{k} 个方案与 {base}（{what}）比较：{where}，模拟 {w} 周，在从校准后验中抽取的 {d} 组合理参数上运行，"
        "每组重复 {r} 次（共同随机数）；结果取末期窗口的均值，效应为各组合并的结果。这些是模型结果，请阅读警示与注意事项。",
    "{g} communities, {n} residents": "{g} 个社区、{n} 名居民", "{g} communities": "{g} 个社区",
    "Outcome": "指标", "Best countermeasure and its effect": "最佳措施及其效果", "How sure": "可靠程度",
    "Extra hours a week per 1,000 residents": "每千名居民每周增加的工时",
    "Effect per 1,000 extra hours a week": "每周每增加1000工时的效果", "Warnings": "警示",
    "next": "其次", "largest": "最大",
    "No countermeasure improves it by more than ±{m}": "没有措施能使其改善超过 ±{m}",
    "No countermeasure improves it clearly": "没有措施能明确改善它",
    "95% interval {lo} to {hi}": "95%区间 {lo} 至 {hi}",
    "clear": "明确", "negligible": "可忽略", "unclear": "不确定",
    "P(best) {p}": "最佳概率 {p}",
    "none": "无", "not in the file": "文件中无", "no extra hours": "不增加工时",
    "{n} assumed values ({names})": "依赖 {n} 个假设参数（{names}）",
    "depends on the horizon: drifts {arms} a year (> ±{m})": "结果取决于模拟时长：每年漂移 {arms}（> ±{m}）",
    "Extra hours a week per 1,000 residents against {base} ({h} h)": "与 {base}（每千名居民每周 {h} 小时）相比，每千名居民每周增加的工时",
    "cost-matched arms, design only": "等成本方案（仅看设计）",
    "How sure: the 95% interval of the paired difference over replicates, at the assumed parameter values; clear = the interval lies beyond the margin m, negligible = it does not.":
        "可靠程度：重复运行间配对差的95%区间（在假设参数值下）；“明确”表示区间整体超出实质性阈值 m，“可忽略”表示没有。",
    "The probability that an arm is the best over every plausible parameter set comes with a robust comparison (govsim compare --posterior).":
        "各方案在所有合理参数组合上为最佳的概率，需进行稳健比较（govsim compare --posterior）。",
    "The summary: per headline outcome the best arm, its effect, interval, verdict, extra hours and effect per 1,000 hours":
        "概要：每个主要指标的最佳方案、效果、区间、判断、增加的工时及每1000工时的效果",
    "Hours a week of every arm (cost ledger, whole population), per 1,000 residents, and the extra hours against the baseline":
        "各方案每周投入的工时（成本台账，全体人口）、每千名居民的工时，以及相对基线增加的工时",
    # ------------------------------------------------------------------ findings
    "Headline outcomes that differ from {base} (difference [95% CI], for shares in points of 100; effect size; significant after Holm's correction over every arm × headline outcome; improves/worsens only when the interval excludes the materiality margin ±m):":
        "与 {base} 有差异的主要指标（差值 [95%置信区间]，比例类指标以百分点计；效应量；在全部“方案 × 主要指标”比较上经 Holm 校正后显著；"
        "只有区间整体超出实质性阈值 ±m 时才称为“改善/恶化”）：",
    "improves": "改善", "worsens": "恶化", "changes": "改变",
    "negligible (inside ±m although significant)": "可忽略（虽显著但在 ±m 之内）",
    "no headline outcome differs from {base} after Holm's correction.": "经 Holm 校正后，没有主要指标与 {base} 不同。",
    "{x} points of 100": "{x} 个百分点", "{x} relative to the baseline": "相对基线 {x}",
    # ------------------------------------------------------------------ time series
    "Participation": "参与", "Trust": "信任", "Service coverage": "服务覆盖", "Organisation cooperation": "组织合作",
    "Selected series": "所选时间序列", "Series": "时间序列", " (derived)": "（推算）",
    "series '{r}' ({label}) for the time-series figure": "时间序列图所需的序列“{r}”（{label}）",
    "No series matched the roles of analysis/metrics.py; the first {k} of {n} series are shown.":
        "没有序列与 analysis/metrics.py 中的指标对应；显示 {n} 条序列中的前 {k} 条。",
    "Per-step mean over replicates with a 95% t-band, by arm and metric": "各方案、各指标每一步在重复运行上的均值及95% t 区间带",
    "{title}: mean over replicates per {x}, with the 95% t-band (Student-t over replicates); cost-matched arms dashed.":
        "{title}：每{x}在重复运行上的均值及95% t 区间带（重复运行间的 Student-t 区间）；虚线为等成本方案。",
    "One replicate: no band.": "只有一次运行：无区间带。",
    "{label}, derived per step as {num} / ({den}); NaN where the denominator is 0.": "{label}：每步按 {num} / ({den}) 推算；分母为0时记为 NaN。",
    "Sweep: the per-point series are not drawn (see the responses below); they are in the file (load.series).":
        "参数扫描：不绘制各参数点的时间序列（见下文的响应曲线）；数据在文件中（load.series）。",
    "{n} arms/points: too many for readable bands; the series are in the file (load.series).":
        "{n} 个方案/参数点：太多，无法清晰绘制；数据在文件中（load.series）。",
    "per-step series (no /runs/*/*/series)": "逐步时间序列（无 /runs/*/*/series）",
    # ------------------------------------------------------------------ finals
    "Mean of each final value over replicates with a 95% t-interval (NaN dropped)": "各最终值在重复运行上的均值及95% t 区间（去除 NaN）",
    "final value": "最终值", "Mean over replicates [95% t-interval].": "重复运行的均值 [95% t 区间]。",
    "final values (no /runs/*/*/final)": "最终值（无 /runs/*/*/final）",
    "headline final values {names} (analysis/metrics.py HEADLINE); the comparison uses every final value found":
        "主要指标 {names}（analysis/metrics.py HEADLINE）；比较使用文件中的全部最终值",
    "The report's final-value intervals differ from the file's /summary/final: ": "报告的最终值区间与文件的 /summary/final 不一致：",
    "Check: the final-value means and intervals equal the file's /summary/final (written by govsim).":
        "核对：最终值的均值与区间与文件中 govsim 写入的 /summary/final 一致。",
    # ------------------------------------------------------------------ comparison
    "Every arm x final value against {base}: ": "每个方案 × 每个最终值与 {base} 的比较：",
    "paired differences over replicates (common random numbers), Cohen's d_z": "重复运行间的配对差（共同随机数），Cohen's d_z",
    "Welch intervals (independent arms), Hedges' g": "Welch 区间（独立方案），Hedges' g",
    "; p_holm = Holm over all {n} rows (as govsim's /summary table); p_holm_family = Holm within the family (headline outcomes / other final values); margin, material and verdict: materiality (spec 6.1)":
        "；p_holm = 对全部 {n} 行做 Holm 校正（同 govsim 的 /summary 表）；p_holm_family = 在同一族内做 Holm 校正（主要指标 / 其他最终值）；"
        "margin、material 与 verdict：实质性判断（规范 6.1）",
    "Check: paired differences, p and Holm p equal the file's /summary/{key}.": "核对：配对差、p 值与 Holm p 值与文件的 /summary/{key} 一致。",
    "The report's paired differences differ from /summary/{key}: ": "报告的配对差与 /summary/{key} 不一致：",
    "Paired differences under common random numbers (replicate r of every arm uses the same random numbers), 95% t-interval over replicates.":
        "在共同随机数下的配对差（每个方案的第 r 次重复运行使用相同的随机数），重复运行间的95% t 区间。",
    "The arms do not share random numbers (run seeds differ), so differences use Welch's interval for independent samples.":
        "各方案不共享随机数（运行种子不同），因此差值采用独立样本的 Welch 区间。",
    "* = significant after Holm's correction (α = {alpha}) within its family: the {h} arm × headline-outcome comparisons, or the {o} arm × other-final-value comparisons (column p_holm_family; p_holm in the CSV corrects over all {n} at once, as govsim's /summary table does). Shaded band = ±m, the materiality margin: an effect whose interval reaches into it is negligible.":
        "* = 在所属族内经 Holm 校正（α = {alpha}）后显著：{h} 个“方案 × 主要指标”比较，或 {o} 个“方案 × 其他最终值”比较"
        "（列 p_holm_family；CSV 中的 p_holm 对全部 {n} 个比较一起校正，同 govsim 的 /summary 表）。灰色带 = ±m，即实质性阈值："
        "区间伸入其中的效果为可忽略。",
    "Each plain arm is followed by its cost-matched twin (hollow marker), which keeps the committee's capacity equal to the baseline's so that only the design differs.":
        "每个方案后面紧跟其等成本方案（空心标记）：它使社区党委的服务能力与基线相同，只有制度设计不同。",
    "Effect of each arm on the headline outcomes: difference from {base} with its 95% interval; P_vol without forum attendance beside P_vol.":
        "各方案对主要指标的效果：与 {base} 的差值及其95%区间；“不含居民夜话出席的自愿参与率”列在自愿参与率旁边。",
    "The same effects at a glance: text = difference, colour = standardised effect size oriented so that blue is better (for outcomes without a preferred direction, blue = higher); negligible effects are grey.":
        "同一组效果的一览：文字为差值，颜色为标准化效应量（蓝色表示更好；无优劣方向的指标蓝色表示更高）；可忽略的效果为灰色。",
    "Effects on the other final values ({a}–{b} of {n}).": "对其他最终值的效果（共 {n} 个中的第 {a}–{b} 个）。",
    "Ranking": "排序", "rank": "名次",
    "No ranking: no headline outcome with a preferred direction is in the file (edit HEADLINE and the roles' better in analysis/metrics.py).":
        "无排序：文件中没有具有优劣方向的主要指标（请编辑 analysis/metrics.py 中的 HEADLINE 与 better）。",
    "Rank of each arm on each headline outcome with a preferred direction (1 = best), mean rank, and outcomes improved/worsened materially or negligible":
        "各方案在每个有优劣方向的主要指标上的名次（1 = 最好）、平均名次，以及实质性改善/恶化或可忽略的指标数",
    "Arms ranked by their mean rank over the headline outcomes that have a preferred direction ({names}); improves/worsens count material effects (significant and beyond ±m), negligible those inside ±m; ≈0 marks a negligible effect.":
        "各方案按其在有优劣方向的主要指标（{names}）上的平均名次排序；“改善/恶化”只计实质性效果（显著且超出 ±m），“可忽略”计 ±m 之内的效果；≈0 表示可忽略的效果。",
    "{names} is shown beside P_vol and not counted in the mean rank.": "{names} 列在自愿参与率旁边，不计入平均名次。",
    "A ranking holds for the parameter values of this file only (see Caveats).": "排序只在本文件的参数取值下成立（见注意事项）。",
    "drift of the headline outcomes (finals named <headline>_drift, spec 6.1 item 6)": "主要指标的漂移（名为 <指标>_drift 的最终值，规范 6.1 第6条）",
    "Drift of each headline outcome over the final window, per year (mean of the last 26 weeks minus the 26 before, times 2); flag = |drift| > m":
        "各主要指标在末期窗口内每年的漂移（最后26周均值减去之前26周均值，乘以2）；flag = |漂移| > m",
    "Drift at the horizon: no arm's headline outcome drifts by more than its margin m per year.": "模拟末期的漂移：没有方案的主要指标每年漂移超过其阈值 m。",
    "These values depend on the horizon: the outcome still drifts by more than its margin m per year at the end of the run":
        "以下数值取决于模拟时长：在运行结束时，该指标每年仍漂移超过其阈值 m",
    # robust comparison
    "Probability that each arm is the best on each headline outcome over the plausible parameter sets (robust comparison, spec 6.3)":
        "在所有合理参数组合上，各方案在每个主要指标上为最佳的概率（稳健比较，规范 6.3）",
    "arm": "方案",
    "P(best): the share of plausible parameter sets (draws from the calibration's posterior) in which the arm is the best on the outcome.":
        "最佳概率：在合理参数组合（从校准后验中抽取）中，该方案在此指标上为最佳的比例。",
    "Over {k} plausible parameter sets drawn from the calibration {c} (generation {g}), each run {r} times for every arm on common random numbers.":
        "基于从校准结果 {c}（第 {g} 代）中抽取的 {k} 组合理参数，每组参数下每个方案在共同随机数上各运行 {r} 次。",
    "rank": "名次",
    "Distribution of each arm's rank over the plausible parameter sets (rank 1 = best; the outcome's better direction)":
        "各方案在合理参数组合上的名次分布（第1名 = 最佳；按指标的优劣方向）",
    "P(row beats column): {o}": "行方案优于列方案的概率：{o}",
    "Pairwise matrix: the share of plausible parameter sets in which the row arm does better than the column arm on {o}":
        "两两比较矩阵：在{o}上，行方案优于列方案的合理参数组合所占比例",
    "Effect against {base} over the plausible parameter sets: mean and 5-95% interval over draws; grey band = ±m, the margin below which an effect is negligible":
        "在合理参数组合上相对于{base}的效果：各次抽取的均值及5%–95%区间；灰色带 = ±m，低于该阈值的效果视为可忽略",
    "What drives the effect on {o}: standardised regression coefficients": "{o}上的效果由什么决定：标准化回归系数",
    "Standardised regression coefficients of each arm's effect against {base} on the drawn parameters (trust them when R² is high, about 0.7 or more)":
        "各方案相对于{base}的效果对所抽取参数的标准化回归系数（R² 较高、约0.7以上时可信）",
    "in": "介于",
    "{arm} is best on {o} in {pb:.0%} of the draws; it is not the best in {d:.0%} of the draws where {box} ({sup:.0%} of all draws)":
        "{arm}在{pb:.0%}的抽取中于{o}上最佳；在 {box} 的抽取中（占全部抽取的{sup:.0%}），有{d:.0%}不是最佳",
    "{arm} is best on {o} in {pb:.0%} of the draws; no box of the drawn parameters separates the others":
        "{arm}在{pb:.0%}的抽取中于{o}上最佳；没有一个参数区域能区分其余抽取",
    "Rank distribution on {o} over draws": "{o}上各次抽取的名次分布",
    "P(row beats column) on {o}": "{o}上行方案优于列方案的概率",
    "Effects against {base} over draws: mean, 5% and 95% quantiles, P(effect > m), P(effect < -m), margin m, draws":
        "各次抽取中相对于{base}的效果：均值、5%与95%分位数、P(效果 > m)、P(效果 < -m)、阈值 m、抽取次数",
    "SRC of each arm's effect on {o} on the drawn parameters": "各方案在{o}上的效果对所抽取参数的标准化回归系数",
    "Where the best arm stops being best (PRIM)": "最佳方案在何处不再最佳（PRIM）",
    "Pre-registered hypotheses: probability over the plausible set and verdict (supported when P ≥ {lv}, refuted when P ≤ {lo})":
        "预先登记的假设：在合理参数集合上的概率及结论（P ≥ {lv} 为支持，P ≤ {lo} 为否定）",
    "Hypotheses": "假设检验",
    # ------------------------------------------------------------------ distributions
    "Mean Lorenz curve of '{name}' per arm with a 95% t-band": "各方案“{name}”的平均洛伦兹曲线及95% t 区间带",
    "Gini of each arm's mean Lorenz curve (1 − 2 × area)": "各方案平均洛伦兹曲线的基尼系数（1 − 2 × 面积）",
    "Lorenz curve extra (an extras/ array whose name contains 'lorenz')": "洛伦兹曲线附加数组（名称含“lorenz”的 extras/ 数组）",
    "Final '{name}' per arm (mean, 95% CI)": "各方案的最终“{name}”（均值，95%置信区间）",
    "final value 'gini_cum_vol' (participation Gini)": "最终值“gini_cum_vol”（参与的基尼系数）",
    "Inequality of participation: the Gini coefficient of cumulative volunteering at the last step, and the mean Lorenz curve (a curve further below the diagonal means participation is concentrated in fewer residents).":
        "参与的不平等：最后一步累计志愿参与的基尼系数，以及平均洛伦兹曲线（曲线越低于对角线，参与越集中在少数居民身上）。",
    "Final institutional-trust histogram '{name}' as shares per bin (mean, 95% CI over replicates)": "最终制度信任直方图“{name}”各区间的比例（均值，重复运行间的95%置信区间）",
    "Sarle's bimodality coefficient per arm (> 5/9 suggests two modes)": "各方案的 Sarle 双峰系数（> 5/9 提示双峰）",
    "institutional trust TI": "制度信任 TI",
    "Institutional trust at the end of the run: share of residents per bin (mean over replicates, bars = 95% CI). BC = Sarle's bimodality coefficient; above 5/9 (0.56) the distribution is more likely bimodal than unimodal.":
        "运行结束时的制度信任：各区间居民所占比例（重复运行均值，误差线 = 95%置信区间）。BC = Sarle 双峰系数；高于 5/9（0.56）时分布更可能是双峰而非单峰。",
    "institutional-trust histogram extra (an extras/ array named like 'TI_hist')": "制度信任直方图附加数组（名称类似“TI_hist”的 extras/ 数组）",
    "Distribution of community mean TI at the last step, pooled over replicates": "最后一步各社区平均制度信任的分布（合并重复运行）",
    "community mean TI": "社区平均制度信任",
    "No resident-level trust histogram in the file: this shows the spread of community means of TI at the last step instead (pooled over replicates), which cannot show bimodality among residents.":
        "文件中没有居民层面的信任直方图：此图改为显示最后一步各社区平均制度信任的分布（合并重复运行），无法显示居民之间的双峰。",
    "Distribution of per-grid coverage '{name}' (pooled over replicates)": "各网格服务覆盖率“{name}”的分布（合并重复运行）",
    "coverage of a grid": "网格的服务覆盖率",
    "Coverage across grids (网格) in the final window (share of grids per bin, pooled over replicates): a wide spread means unequal service between grids (spec 4.12 C8).":
        "末期窗口内各网格的服务覆盖率（各区间网格所占比例，合并重复运行）：分布越宽，网格之间的服务越不均衡（规范 4.12 C8）。",
    "Participation by age band and Party status (mean, 95% CI)": "按年龄段和党员身份分的参与率（均值，95%置信区间）",
    "Within-run gaps 60+ − 18–39 and Party − non-Party (paired within runs)": "运行内的差距：60岁及以上 − 18–39岁，党员 − 非党员（运行内配对）",
    "Participation by age band and by Party status (spec 4.12 C2, C3 expect 60+ above 18–39 and Party above non-Party).":
        "按年龄段和党员身份分的参与率（规范 4.12 C2、C3 预期60岁及以上高于18–39岁，党员高于非党员）。",
    "Gaps within runs (paired over replicates):": "运行内的差距（重复运行间配对）：",
    "participation by age band and Party status (final values like 'P_vol_age_60p', 'P_vol_party')":
        "按年龄段和党员身份分的参与率（类似“P_vol_age_60p”“P_vol_party”的最终值）",
    "None of the distribution views' inputs is in this file.": "文件中没有任何分布图所需的输入。",
    # ------------------------------------------------------------------ sweep
    "sweep design matrix (/design/values, /design/columns): no response curves or heat maps":
        "扫描设计矩阵（/design/values、/design/columns）：无响应曲线和热图",
    "The file has no design matrix (/design), so the points cannot be placed on parameter axes.": "文件中没有设计矩阵（/design），无法把参数点放到参数轴上。",
    "Design matrix{k}: one row per point": "设计矩阵{k}：每个参数点一行",
    "Mean of each final value over the replicates of each point (95% CI)": "各参数点上各最终值在重复运行上的均值（95%置信区间）",
    "Check: the point means equal the file's /summary/points.": "核对：参数点均值与文件的 /summary/points 一致。",
    "The report's point means differ from /summary/points: ": "报告的参数点均值与 /summary/points 不一致：",
    "Response of each final value to each swept parameter (method levels: main effect, CI over replicates; bins: binned point means, CI over points)":
        "各最终值对每个扫描参数的响应（levels：主效应，重复运行间的置信区间；bins：分箱的参数点均值，参数点间的置信区间）",
    "Response to {p}": "对 {p} 的响应",
    "for a levelled design the mean over the points at each value (averaging the other parameters) with a 95% interval over replicates; for a sampled design binned means of the points.":
        "分水平设计：每个取值上各参数点的均值（对其他参数取平均）及重复运行间的95%区间；抽样设计：参数点的分箱均值。",
    "Mean final values on the ({a}, {b}) grid": "({a}, {b}) 网格上的最终值均值",
    "Two-parameter grid {a} × {b}: mean final value per cell (over replicates and any other parameters).":
        "双参数网格 {a} × {b}：每格的最终值均值（对重复运行及其他参数取平均）。",
    "No parameter varies in the design.": "设计中没有变化的参数。",
    "{m} indices per parameter and output": "各参数、各输出的 {m} 指数",
    "Sobol indices (S1 first order, ST total) with their intervals.": "Sobol 指数（S1 一阶，ST 总效应）及其区间。",
    "Morris elementary effects (mu_star = mean |effect|, sigma = interaction/nonlinearity) with intervals.":
        "Morris 基本效应（mu_star = |效应| 的均值，sigma = 交互/非线性）及其区间。",
    "sensitivity tables (/summary/sobol or /summary/morris)": "敏感性表（/summary/sobol 或 /summary/morris）",
    "This file is a sweep: see the responses and sensitivity for how the outcomes move with the swept parameters.":
        "本文件是参数扫描：结果如何随扫描参数变化，见响应与敏感性部分。",
    # ------------------------------------------------------------------ statistics
    "Replicates per arm: {n}.": "每个方案的重复运行次数：{n}。",
    "Intervals are two-sided {level}% Student-t intervals over replicates; NaN final values (undefined ratios) are dropped, pairwise for paired statistics, and n counts the values used. Effect sizes: Cohen's d_z (mean difference / sd of differences) for paired comparisons, Hedges' g for independent ones. p-values are Holm-adjusted within a family of comparisons: every arm × headline outcome (the findings, stars and ranking), and every arm × other final value; the effects CSV also has p_holm over all comparisons at once.":
        "区间为重复运行间的双侧 {level}% Student-t 区间；NaN 最终值（无定义的比率）被去除，配对统计按对去除，n 为所用数值个数。"
        "效应量：配对比较用 Cohen's d_z（平均差 / 差值标准差），独立比较用 Hedges' g。p 值在比较族内做 Holm 校正："
        "“方案 × 主要指标”为一族（主要发现、星号和排序使用），“方案 × 其他最终值”为另一族；效果 CSV 中还有对全部比较一起校正的 p_holm。",
    "Materiality (model spec 6.1): an effect counts as an improvement or a worsening only when it is significant and its 95% interval excludes ±m; otherwise it is negligible (or unclear when the interval is wide). Margins m: {m}.":
        "实质性（模型规范 6.1）：只有显著且95%区间整体超出 ±m 的效果才算改善或恶化；否则为可忽略（区间很宽时为不确定）。阈值 m：{m}。",
    "The results file has no materiality margins (/summary/materiality, written by govsim for a model that has them): every significant effect counts.":
        "结果文件中没有实质性阈值（/summary/materiality，由 govsim 为有阈值的模型写入）：所有显著效果都计入。",
    "Only {n} replicate(s) per arm: intervals rest on few values and say little; use at least {k} (better 20, as in spec 4.12).":
        "每个方案只有 {n} 次重复运行：区间基于很少的数值，说明力有限；至少应运行 {k} 次（最好20次，见规范 4.12）。",
    "Precision of each effect: is the half-width at most {f} of |effect| with n >= {k}? n_needed = replicates that would make it so (observed sd)":
        "各效果的精度：在 n >= {k} 时半宽是否不超过 |效果| 的 {f}？n_needed = 达到该精度所需的重复运行次数（按观测标准差）",
    "Every headline effect's interval is narrower than {f} of the effect: the replicate count suffices for these comparisons.":
        "每个主要效果的区间都窄于效果的 {f}：重复运行次数足以支持这些比较。",
    "Median over those with a resolvable effect: about n = {n} replicates (e.g. {arm} on {metric}).":
        "在可分辨的效果中，所需次数的中位数约为 n = {n}（例如 {arm} 对 {metric}）。",
    "{k} of {n} headline effects are imprecise: the 95% half-width exceeds {f} of the effect (or n < {m}).":
        "{n} 个主要效果中有 {k} 个不够精确：95%半宽超过效果的 {f}（或 n < {m}）。",
    "Effects near zero cannot be made precise relative to themselves; read them as 'no effect larger than the interval'.":
        "接近零的效果无法相对其自身变得精确；应理解为“没有大于区间的效果”。",
    "Imprecise headline effects": "不够精确的主要效果",
    # ------------------------------------------------------------------ caveats
    "How each arm differs from {base}: countermeasures and changed parameters (with their basis tag)":
        "各方案与 {base} 的不同：措施及改变的参数（附依据标记）",
    "What the arms change relative to {base} (the countermeasures' targets are assumptions, and so are most parameters they move):":
        "各方案相对 {base} 改变了什么（措施的目标值是假设，它们改变的大多数参数也是假设）：",
    "A ranking of the arms holds for the assumed values (listed below); it can change with them.": "方案排序只在下列假设值下成立；假设值变化，排序可能随之变化。",
    "Sensitivity of these results": "这些结果的敏感性",
    "No sensitivity analysis is linked to this report: run a sweep over the [A] parameters (govsim sweep) and pass --sweep-report to link it.":
        "本报告没有链接敏感性分析：请对 [A] 参数做参数扫描（govsim sweep），并用 --sweep-report 链接其报告。",
    "Parameters that are assumptions [A], calibrated (cal) or taken from the literature, per model spec 4.7 (analysis/caveats.py)":
        "按模型规范 4.7 属于假设 [A]、校准值（cal）或取自文献的参数（analysis/caveats.py）",
    "All assumed and calibrated parameters ({n})": "全部假设参数与校准参数（{n} 个）",
    "Most behavioural parameters are tagged [A] in the model specification (4.7): chosen to be plausible, not measured. A ranking of countermeasures holds for these values; it can change when they change. Check it with a sweep over the [A] parameters (govsim sweep) before citing it.":
        "模型规范（4.7）中的大多数行为参数标记为 [A]：按合理性选取，并非实测。措施的排序只在这些取值下成立，取值变化时排序可能改变。"
        "引用之前，请用 [A] 参数的参数扫描（govsim sweep）加以检验。",
    "Calibrated values ('cal') were tuned so that the baseline reproduces the patterns of spec 4.1; they are fitted, not measured, and the fit is to a few aggregate patterns.":
        "校准值（cal）经过调整，使基线再现规范 4.1 的格局；它们是拟合得到的，并非实测，而且只拟合了少数总体格局。",
    "TI0 and TS0 (initial trust) are placeholders until survey data (CGSS or the thesis questionnaire) replace them (spec open item 3).":
        "TI0 和 TS0（初始信任）是占位值，有待调查数据（CGSS 或学位论文问卷）替换（规范待定事项3）。",
    "The effects of CM3, CM5 and ALL5 are large because they tip the stag hunt and the threshold cascade; calibrate p_act, lam_org and the countermeasure targets against field data before citing their size (spec open item 5).":
        "CM3、CM5 和 ALL5 的效果很大，是因为它们使猎鹿博弈和阈值级联发生翻转；引用其大小之前，请用实地数据校准 p_act、lam_org 和各措施的目标值（规范待定事项5）。",
    "Confidence intervals describe simulation noise (replicate-to-replicate variation) only; they say nothing about uncertainty in the parameters.":
        "置信区间只描述模拟噪声（重复运行之间的差异），不反映参数本身的不确定性。",
    "The countermeasures' targets at intensity 1 (spec 4.9: e.g. q_match 0.8 for CM1, forum_period 4 for CM2) are design assumptions, not observed reforms.":
        "各措施在强度为1时的目标值（规范 4.9：如 CM1 的 q_match 0.8、CM2 的 forum_period 4）是设计假设，并非观察到的改革效果。",
    "staff_per_1k (2 paid community staff per 1,000 residents) is an assumption chosen so that the baseline's service coverage is about 0.48; the measured figure, Ningde's 9 cadres for 20,000+ residents, is about 0.45 per 1,000 (spec 6.1).":
        "staff_per_1k（每千名居民2名社区工作者）是为使基线服务覆盖率约为0.48而选的假设值；实测数字是宁德9名干部服务2万多居民，约每千人0.45名（规范 6.1）。",
    "The hours of the cost ledger (staff, in-service Party members, co-building units, cooperating organisations) are model hours at assumed rates, not a budget; the cost-matched arms (CMxcm) hold the committee's capacity at the baseline's and show what the design alone does.":
        "成本台账中的工时（社区工作者、在职党员、共建单位、合作组织）是按假设费率计算的模型工时，并非预算；等成本方案（CMxcm）使党委服务能力保持在基线水平，只显示制度设计本身的作用。",
    # ------------------------------------------------------------------ figures
    " (↑ better)": "（↑ 越高越好）", " (↓ better)": "（↓ 越低越好）",
    "Δ vs {base} (95% CI; grey band = ±m, negligible)": "与 {base} 的差值 Δ（95%置信区间；灰色带 = ±m，可忽略）",
    "Effects vs {base}: text = Δ, colour = standardised effect (grey = negligible)": "与 {base} 相比的效果：文字 = Δ，颜色 = 标准化效应量（灰色 = 可忽略）",
    "{kind}, oriented (blue = better)": "{kind}（已定向，蓝色 = 更好）",
    "Participation Gini (final, 95% CI)": "参与的基尼系数（最终值，95%置信区间）",
    "equality": "完全平等", "share of residents (least active first)": "居民累计比例（参与最少者在前）",
    "share of cumulative volunteering": "累计志愿参与的比例", "Lorenz curve (mean over replicates)": "洛伦兹曲线（重复运行均值）",
    "{m} by age band": "{m}：按年龄段", "{m} by Party status": "{m}：按党员身份",
    "binned means of the design points (grey), 95% CI over the points of a bin": "设计点的分箱均值（灰色），箱内各点间的95%置信区间",
    "main effect: mean over the other parameters; 95% CI over replicates": "主效应：对其他参数取平均；重复运行间的95%置信区间",
    "Response to {p} ({how})": "对 {p} 的响应（{how}）",
}

# Column headers of the tables shown on the page (the CSV files keep the English names).
COLUMNS: dict[str, str] = {
    "arm": "方案", "metric": "指标", "diff": "差值", "half": "半宽", "sd": "标准差", "n": "n",
    "precise": "是否精确", "n_needed": "所需次数", "note": "说明", "overall": "总名次", "mean rank": "平均名次",
    "improves": "改善", "worsens": "恶化", "negligible": "可忽略", "parameter": "参数", "basis": "依据",
    "countermeasures": "措施", "targets at I = 1 (spec 4.9, assumed)": "强度 I = 1 时的目标值（规范 4.9，假设）",
    "parameters changed": "改变的参数", "base": "指标", "gap": "差距", "lo": "下限", "hi": "上限", "p": "p",
}

# Notes of the assumptions table (analysis/caveats.py), shown in Chinese.
NOTES: dict[str, str] = {
    "Ansell & Gash": "Ansell & Gash（协作治理）", "Deffuant et al. 2000": "Deffuant 等 2000",
    "Fischbacher et al. 2001": "Fischbacher 等 2001", "Frey & Jegen 2001": "Frey & Jegen 2001",
    "Frey & Jegen 2001 (crowding out)": "Frey & Jegen 2001（动机挤出）",
    "Gneezy & Rustichini 2000 (form)": "Gneezy & Rustichini 2000（函数形式）",
    "Shanghai gradient (direction only)": "上海调查的梯度（仅方向）", "Tyler: voice (form, not size)": "Tyler：发声（形式而非大小）",
    "age shares": "年龄结构", "bistable stag hunt": "双稳态猎鹿博弈", "bistable stag hunt; cause 5": "双稳态猎鹿博弈；原因5",
    "cause 1": "原因1", "cause 2": "原因2", "cause 3": "原因3", "cause 4": "原因4", "cause 5": "原因5",
    "chosen for coverage ≈ 0.48; Ningde cadres ≈ 0.45 per 1,000 [V]": "为使覆盖率约0.48而选；宁德干部约每千人0.45名 [V]",
    "dual-reporting duty": "双报到义务", "household sizes (mean 2.55 vs census 2.62)": "户规模（均值2.55，普查为2.62）",
    "negativity bias": "负面偏差", "new in v2": "v2 新增", "order of magnitude from sec. 1": "数量级取自第1节",
    "per 1,000 (was 20/community)": "每千人（原为每社区20）", "placeholder (spec open item 3)": "占位值（规范待定事项3）",
    "placeholder (spec open item 3); cause 1": "占位值（规范待定事项3）；原因1",
    "was 0.002": "原为0.002", "was 0.05": "原为0.05", "was 0.12": "原为0.12", "was 0.30": "原为0.30",
    "win rate ~0.2": "议题解决率约0.2",
}
BASIS: dict[str, str] = {"[A]": "[A] 假设", "cal": "校准", "literature": "文献"}
