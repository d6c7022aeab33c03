import { Alert, Loader } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../../api/client';
import { syntheticApi, type JobStatus, type SyntheticRun } from '../../../api/routing';
import { RunDetail } from '../RunDetail';
import type { Option } from './GeneratePanel';
import { isActive, modelRef } from './logic';
import { usePolling } from './usePolling';

/** One run read from the server and polled while it (or its evaluation) is running: rows appear as cases finish. */
export function RunView({ runId, listedStatus, modelOptions, readOnly, onFinished }: {
  runId: string;
  /** the status the runs list shows: when the run turns out finished while listed as active, onFinished is called */
  listedStatus?: JobStatus;
  modelOptions: Option[];
  readOnly: boolean;
  onFinished: () => void;
}) {
  const [run, setRun] = useState<SyntheticRun | null>(null);
  const [error, setError] = useState<string | null>(null);
  const wasActive = useRef(false);
  const listed = useRef(listedStatus);
  listed.current = listedStatus;
  const load = async () => {
    try {
      const next = await syntheticApi.run(runId);
      setRun(next);
      setError(null);
      const active = isActive(next.status) || isActive(next.evaluation?.job?.status);
      if (!active && (wasActive.current || isActive(listed.current))) onFinished();
      wasActive.current = active;
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  useEffect(() => {
    setRun(null);
    wasActive.current = false;
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [runId]);
  const current = run?._id === runId ? run : null;
  usePolling(load, Boolean(current && (isActive(current.status) || isActive(current.evaluation?.job?.status))));

  const act = async (fn: () => Promise<SyntheticRun>) => {
    try {
      setRun(await fn());
      wasActive.current = true;
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  if (!current) return error ? <Alert color="red">{error}</Alert> : <Loader size="sm" />;
  return (
    <>
      {error && <Alert color="red" role="alert">{error}</Alert>}
      <RunDetail
        run={current}
        modelOptions={modelOptions}
        readOnly={readOnly}
        onCancel={() => void act(() => syntheticApi.cancelRun(runId))}
        onEvaluate={(key) => void act(() => syntheticApi.evaluate(runId, { tenantId: current.tenantId, ...modelRef(key) }))}
      />
    </>
  );
}
